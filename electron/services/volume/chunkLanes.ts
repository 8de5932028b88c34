// The chunk fetches and decodes of one thread, a few at a time, first asked first served: of the three slices
// the views ask for at Open, the first is whole before the second starts, and reading ahead (the chunk layers
// beside a slice) takes a lane only when no slice waits, and never all of them.

/** Chunks fetched and decoded at once (the S3 reader keeps this many sockets and more). */
export const CHUNK_LANES = 24;
/** Lanes reading ahead may hold: the rest stay free for the next slice asked for. */
const AHEAD_LANES = 4;

export type Urgency = 'now' | 'ahead';

interface Waiting {
  urgency: Urgency;
  start: () => void;
}

export class ChunkLanes {
  private running = 0;
  private runningAhead = 0;
  private readonly now: Waiting[] = [];
  private readonly ahead: Waiting[] = [];

  constructor(
    private readonly lanes = CHUNK_LANES,
    private readonly aheadLanes = AHEAD_LANES,
  ) {}

  /** Runs `task` in a lane; `handle.hurry()` moves a task still waiting to read ahead to the slices' queue. */
  run<T>(urgency: Urgency, task: () => Promise<T>): { done: Promise<T>; hurry: () => void } {
    let waiting: Waiting | undefined;
    const done = new Promise<void>((start) => {
      waiting = { urgency, start };
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
    const hurry = () => {
      const at = this.ahead.indexOf(waiting!);
      if (at < 0) return;
      this.ahead.splice(at, 1);
      waiting!.urgency = 'now';
      this.now.push(waiting!);
      this.pump();
    };
    return { done, hurry };
  }

  private pump(): void {
    while (this.running < this.lanes && this.now.length > 0) this.begin(this.now.shift()!);
    while (this.running < this.lanes && this.runningAhead < this.aheadLanes && this.now.length === 0 && this.ahead.length > 0) this.begin(this.ahead.shift()!);
  }

  private begin(waiting: Waiting): void {
    this.running++;
    if (waiting.urgency === 'ahead') this.runningAhead++;
    waiting.start();
  }
}
