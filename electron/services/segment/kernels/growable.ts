// Append-only typed arrays and a FIFO of voxel indices that double their storage as they fill.
type TypedArrayOf<T> = T extends Float32Array ? Float32Array : Uint32Array;

export class Growable<T extends Float32Array | Uint32Array> {
  length = 0;
  private data: T;

  constructor(private readonly make: (size: number) => T) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** A right-sized copy of what was pushed. */
  result(): TypedArrayOf<T> {
    return this.data.slice(0, this.length) as TypedArrayOf<T>;
  }
}

/** Breadth-first queue of voxel indices (a ring buffer, so memory follows the front, not the region). */
export class VoxelQueue {
  private data = new Int32Array(1 << 16);
  private head = 0;
  private size = 0;

  get empty(): boolean {
    return this.size === 0;
  }

  push(voxel: number): void {
    if (this.size === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      for (let k = 0; k < this.size; k++) bigger[k] = this.data[(this.head + k) % this.data.length]!;
      this.data = bigger;
      this.head = 0;
    }
    this.data[(this.head + this.size++) % this.data.length] = voxel;
  }

  shift(): number {
    const voxel = this.data[this.head]!;
    this.head = (this.head + 1) % this.data.length;
    this.size--;
    return voxel;
  }
}
