// The chunk fetches and decodes of one thread, a few at a time, first asked first served: of the three slices
// the views ask for at Open, the first is whole before the second starts, and reading ahead (the chunk layers
// beside a slice) takes a lane only when no slice waits, and never all of them. While slices are being asked for (a
// scroll), the slice on screen keeps the cores: no read-ahead starts while one is read, and only one lane reads ahead
// until the user has stopped for a moment. Read-ahead still waiting when the user has moved on can be dropped.
import { VoxbenchError } from '../../common/errors.js';

/** Chunks fetched and decoded at once (the S3 reader keeps this many sockets and more). */
export const CHUNK_LANES = 24;
/** Lanes reading ahead may hold: the rest stay free for the next slice asked for. */
const AHEAD_LANES = 4;
/** A slice asked for this recently means the user is still moving: reading ahead keeps to one lane. */
export const SCROLL_QUIET_MS = 300;

export type Urgency = 'now' | 'ahead';

interface Waiting {
  urgency: Urgency;
  start: () => void;
  drop: (error: Error) => void;
}

export interface LaneTask<T> {
  done: Promise<T>;
  /** Moves a task still waiting to read ahead to the slices' queue. */
  hurry: () => void;
  /** Forgets a task still waiting to read ahead: `done` rejects with Cancelled. */
  drop: () => void;
}

export class ChunkLanes {
  private running = 0;
  private runningAhead = 0;
  private readonly now: Waiting[] = [];
  private readonly ahead: Waiting[] = [];
  /** Slice reads under way (their chunks may all be decoded already: copies, which reading ahead would slow). */
  private slicesReading = 0;
  private lastSlice = -Infinity;
  private wake?: NodeJS.Timeout;

  constructor(
    private readonly lanes = CHUNK_LANES,
    private readonly aheadLanes = AHEAD_LANES,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  run<T>(urgency: Urgency, task: () => Promise<T>): LaneTask<T> {
    let waiting: Waiting | undefined;
    const done = new Promise<void>((start, drop) => {
      waiting = { urgency, start, drop };
      (urgency === 'now' ? this.now : this.ahead).push(waiting);
      this.pump();
    }).then(async () => {
      try {
        return await task();
      } finally {
        this.running--;
        if (waiting!.urgency === 'ahead') this.runningAhead--;
        this.pump();
      }
    });
    const fromAhead = () => {
      const at = this.ahead.indexOf(waiting!);
      if (at >= 0) this.ahead.splice(at, 1);
      return at >= 0;
    };
    const hurry = () => {
      if (!fromAhead()) return;
      waiting!.urgency = 'now';
      this.now.push(waiting!);
      this.pump();
    };
    const drop = () => {
      if (fromAhead()) waiting!.drop(new VoxbenchError('Cancelled', 'Reading ahead: the user has moved on.'));
    };
    return { done, hurry, drop };
  }

  /** A slice read, from its start to its end: read-ahead gives way meanwhile and for a moment after. */
  async slice<T>(read: () => Promise<T>): Promise<T> {
    this.slicesReading++;
    try {
      return await read();
    } finally {
      this.slicesReading--;
      this.lastSlice = this.clock();
      this.pump();
    }
  }

  private aheadAllowed(): number {
    if (this.slicesReading > 0) return 0;
    const quietIn = this.lastSlice + SCROLL_QUIET_MS - this.clock();
    if (quietIn <= 0) return this.aheadLanes;
    if (this.ahead.length && !this.wake) {
      this.wake = setTimeout(() => {
        this.wake = undefined;
        this.pump();
      }, quietIn);
      this.wake.unref();
    }
    return Math.min(1, this.aheadLanes);
  }

  private pump(): void {
    while (this.running < this.lanes && this.now.length > 0) this.begin(this.now.shift()!);
    if (!this.ahead.length || this.now.length) return;
    const allowed = this.aheadAllowed();
    while (this.running < this.lanes && this.runningAhead < allowed && this.ahead.length > 0) this.begin(this.ahead.shift()!);
  }

  private begin(waiting: Waiting): void {
    this.running++;
    if (waiting.urgency === 'ahead') this.runningAhead++;
    waiting.start();
  }
}
