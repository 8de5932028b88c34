// The full-resolution slices of one view (one volume, one axis): only the slice last asked for and its neighbours
// are fetched; a fetch of any other slice still under way is aborted, so fast scrolling never queues stale slices,
// and the next step is often already here. A few arrived slices are kept, the least recently used dropped first.

interface Entry<T> {
  promise: Promise<T>;
  abort: AbortController;
  value?: T;
}

export class SliceFetches<T> {
  private readonly entries = new Map<number, Entry<T>>();

  constructor(
    private readonly fetchSlice: (index: number, signal: AbortSignal) => Promise<T>,
    /** Arrived slices kept besides those wanted now. */
    private readonly keep = 4,
    /** Resolves when neighbours may be fetched: the other views' own slices go first (they share the host's disk and cores). */
    private readonly idle: () => Promise<void> = async () => undefined,
  ) {}

  /** Counts want() calls: neighbours of a slice no longer the latest asked for are not fetched. */
  private wants = 0;

  /** Whether any slice was asked for yet. */
  get asked(): boolean {
    return this.wants > 0;
  }

  /** Slice `index` if it has arrived. */
  ready(index: number): T | undefined {
    return this.entries.get(index)?.value;
  }

  /** Slice `index` (sharing a fetch already under way), then `neighbours`; aborts fetches of every other slice. */
  want(index: number, neighbours: number[]): Promise<T> {
    const wanted = new Set([index, ...neighbours]);
    for (const [other, entry] of this.entries) {
      if (!wanted.has(other) && entry.value === undefined) {
        entry.abort.abort();
        this.entries.delete(other);
      }
    }
    const main = this.fetch(index);
    const ticket = ++this.wants;
    const fetchNeighbours = () => ticket === this.wants && neighbours.forEach((neighbour) => void this.fetch(neighbour).catch(() => undefined));
    void main.then(() => this.idle()).then(fetchNeighbours, () => undefined);
    this.prune(wanted);
    return main;
  }

  /** Stops every fetch (the view closed or shows another volume). */
  abortAll(): void {
    for (const entry of this.entries.values()) entry.abort.abort();
    this.entries.clear();
  }

  private fetch(index: number): Promise<T> {
    const known = this.entries.get(index);
    if (known) {
      // Most recently used last: prune() drops from the front.
      this.entries.delete(index);
      this.entries.set(index, known);
      return known.promise;
    }
    const abort = new AbortController();
    const entry: Entry<T> = { abort, promise: this.fetchSlice(index, abort.signal) };
    entry.promise.then(
      (value) => (entry.value = value),
      () => this.entries.get(index) === entry && this.entries.delete(index),
    );
    this.entries.set(index, entry);
    return entry.promise;
  }

  private prune(wanted: Set<number>): void {
    const arrived = [...this.entries].filter(([index, entry]) => !wanted.has(index) && entry.value !== undefined);
    for (const [index] of arrived.slice(0, Math.max(0, arrived.length - this.keep))) this.entries.delete(index);
  }
}
