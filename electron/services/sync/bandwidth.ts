// A shared upload speed limit: parts ask for their bytes before they are sent (a token bucket of one second).
import { sleep } from './s3.js';

export class Bandwidth {
  private available: number;
  private last = Date.now();

  /** `bytesPerSecond` 0 means no limit. */
  constructor(private readonly bytesPerSecond: number) {
    this.available = bytesPerSecond;
  }

  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (!this.bytesPerSecond) return;
    const now = Date.now();
    this.available = Math.min(this.bytesPerSecond, this.available + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
    this.available -= bytes;
    // In debt: wait until the bucket has refilled what this part took.
    if (this.available < 0) await sleep((-this.available / this.bytesPerSecond) * 1000, signal);
  }
}
