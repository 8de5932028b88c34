import { flood, forEachNeighbour, stepsIn } from './flood.js';
import { neighbourSteps } from './neighbours.js';
import type { Connectivity, Dims, Labels, Mask, Scalars } from './types.js';

/** Voxels connected to any seed whose value lies in [lo, hi] (and inside `allowed`, when given). */
export function growRegion(image: Scalars, dims: Dims, seeds: readonly number[], range: readonly [number, number], connectivity: Connectivity, allowed?: Mask): Mask {
  const [lo, hi] = range;
  const region = new Uint8Array(image.length);
  flood(region, seeds, dims, stepsIn(dims, neighbourSteps(connectivity)), (i) => image[i]! >= lo && image[i]! <= hi && (!allowed || allowed[i] === 1));
  return region;
}

/** Each voxel (within `range`) takes the label of the seed reaching it by the cheapest 6-connected path, cost = sum of |intensity steps|. */
export function growFromSeeds(image: Scalars, dims: Dims, seeds: Labels, range?: readonly [number, number]): Labels {
  const labels = seeds.slice() as Labels;
  const cost = new Float64Array(image.length).fill(Infinity);
  const inRange = (i: number) => !range || (image[i]! >= range[0] && image[i]! <= range[1]);
  const heap = new CostHeap();
  const faces = stepsIn(dims, neighbourSteps(6));
  for (let i = 0; i < seeds.length; i++) {
    if (seeds[i]) {
      cost[i] = 0;
      heap.push(0, i);
    }
  }
  while (heap.size) {
    const i = heap.pop();
    const reached = heap.poppedCost;
    if (reached > cost[i]!) continue;
    forEachNeighbour(i, dims, faces, (j) => {
      if (seeds[j] || !inRange(j)) return;
      const through = reached + Math.abs(image[j]! - image[i]!);
      if (through < cost[j]!) {
        cost[j] = through;
        labels[j] = labels[i]!;
        heap.push(through, j);
      }
    });
  }
  return labels;
}

/** Binary min-heap of (cost, voxel); stale entries are skipped by the caller. */
class CostHeap {
  size = 0;
  private costs = new Float64Array(1 << 16);
  private voxels = new Int32Array(1 << 16);

  push(cost: number, voxel: number): void {
    if (this.size === this.costs.length) {
      const costs = new Float64Array(this.size * 2);
      const voxels = new Int32Array(this.size * 2);
      costs.set(this.costs);
      voxels.set(this.voxels);
      this.costs = costs;
      this.voxels = voxels;
    }
    let k = this.size++;
    while (k > 0) {
      const up = (k - 1) >> 1;
      if (this.costs[up]! <= cost) break;
      this.costs[k] = this.costs[up]!;
      this.voxels[k] = this.voxels[up]!;
      k = up;
    }
    this.costs[k] = cost;
    this.voxels[k] = voxel;
  }

  /** Cost of the voxel pop() returned last. */
  poppedCost = 0;

  /** The cheapest voxel (its cost in poppedCost). */
  pop(): number {
    this.poppedCost = this.costs[0]!;
    const top = this.voxels[0]!;
    const cost = this.costs[--this.size]!;
    const voxel = this.voxels[this.size]!;
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.costs[child + 1]! < this.costs[child]!) child++;
      if (this.costs[child]! >= cost) break;
      this.costs[k] = this.costs[child]!;
      this.voxels[k] = this.voxels[child]!;
      k = child;
    }
    this.costs[k] = cost;
    this.voxels[k] = voxel;
    return top;
  }
}
