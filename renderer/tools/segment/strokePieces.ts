// A brush stroke goes to the main side in pieces while the user drags, so the labelmap changes under the pointer
// (as in 3D Slicer and ITK-SNAP). At most one piece is in flight: points gathered meanwhile wait for its answer.
// Each piece starts at the last point of the one before, so the main side can keep the stroke one step
// (electron/segment/strokeSteps.ts). Pure: time and sending are handed in, tested with plain functions.

/** A new piece leaves at most this often while the pointer moves (the first at once, the rest on mouse-up at once). */
export const PIECE_MS = 80;

export class StrokePieces<P> {
  private readonly points: P[] = [];
  /** Points already sent; the next piece starts again at the last of them. */
  private sent = 0;
  private flying = false;
  private ended = false;
  /** A piece failed: the rest of the stroke is not sent (the error is in the panel). */
  private stopped = false;
  private sentAt = -Infinity;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    /** Applies one piece (`start`: the index of its first point in the stroke); false when it failed. */
    private readonly send: (points: P[], start: number) => Promise<boolean>,
    /** Called once, when the stroke ended and every piece has been answered. */
    private readonly finished: () => void,
    private readonly now: () => number = () => performance.now(),
    private readonly interval = PIECE_MS,
  ) {}

  add(point: P): void {
    this.points.push(point);
    this.pump();
  }

  /** The button came up: what is left goes now (after the piece in flight). */
  end(): void {
    this.ended = true;
    this.pump();
  }

  private pump(): void {
    if (this.flying) return;
    if (this.stopped || this.sent === this.points.length) {
      clearTimeout(this.timer);
      if (this.ended) this.finished();
      return;
    }
    const wait = this.sentAt + this.interval - this.now();
    if (!this.ended && wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    const start = Math.max(0, this.sent - 1);
    [this.sent, this.flying, this.sentAt] = [this.points.length, true, this.now()];
    void this.send(this.points.slice(start), start).then((ok) => {
      this.flying = false;
      this.stopped ||= !ok;
      this.pump();
    });
  }
}
