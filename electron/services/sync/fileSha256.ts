// A file's SHA-256 computed from the parts as they are read for upload, so a push reads the file once. Lanes read
// parts in any order; the hash takes them in file order: as it reads a part (the hash thread does so when the part
// is the next), or later from its lane's buffer, which the lane reuses only once the hash has taken it. Parts stored
// before this run are read for the hash alone.
import { randomUUID } from 'node:crypto';
import type { PartHasher } from './partHasher.js';

interface Waiting {
  /** The part's bytes, in a lane's buffer; 'taken' when the hash took them as they were read; none for the end of the file. */
  bytes?: SharedArrayBuffer | 'taken';
  taken: () => void;
  failed: (error: unknown) => void;
}

export class FileSha256 {
  /** The hash's name in the hash thread: new for each upload run, so none takes parts into a failed run's hash. */
  readonly stream = randomUUID();
  private next = 1;
  private readonly parts: number;
  private readonly waiting = new Map<number, Waiting>();
  private pumping = false;
  private failure?: unknown;

  /** `stored`: parts already on the server, which no lane reads. */
  constructor(
    private readonly hasher: PartHasher,
    private readonly file: { path: string; size: number },
    private readonly partSize: number,
    private readonly stored: ReadonlySet<number>,
  ) {
    this.parts = Math.max(1, Math.ceil(file.size / partSize));
    void this.pump(); // the stored parts at the start need no lane
  }

  /** Part `part` is in `bytes` (or was taken as it was read): resolves once the hash has it (then the buffer may be reused). */
  take(part: number, bytes?: Waiting['bytes']): Promise<void> {
    const taken = new Promise<void>((resolve, reject) => this.waiting.set(part, { bytes, taken: resolve, failed: reject }));
    void this.pump();
    return taken;
  }

  /** Stops the hash: a lane failed, and the parts after it will not come. */
  abandon(error: unknown): void {
    this.failure ??= error;
    void this.pump();
  }

  /** The file's SHA-256 in hex, once every part is taken. */
  async digest(): Promise<string> {
    await this.take(this.parts + 1);
    return this.hasher.digest(this.stream, this.file.size);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let ready = this.waiting.get(this.next); ready ?? this.stored.has(this.next); ready = this.waiting.get(this.next)) {
        if (this.failure) throw this.failure;
        if (this.next <= this.parts && ready?.bytes !== 'taken') {
          const offset = (this.next - 1) * this.partSize;
          const length = Math.min(this.partSize, this.file.size - offset);
          await this.hasher.feed({ stream: this.stream, offset, length, source: ready?.bytes ? { shared: ready.bytes } : { path: this.file.path } });
        }
        this.waiting.delete(this.next++);
        ready?.taken();
      }
      if (this.failure) throw this.failure;
    } catch (error) {
      this.failure ??= error;
      for (const waiting of this.waiting.values()) waiting.failed(this.failure);
      this.waiting.clear();
    } finally {
      this.pumping = false;
    }
  }
}
