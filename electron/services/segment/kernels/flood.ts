import { VoxelQueue } from './growable.js';
import type { Dims } from './types.js';

/** A neighbour step (dx, dy, dz) with its index offset in a volume of given dims. */
export interface Step {
  dx: number;
  dy: number;
  dz: number;
  offset: number;
}

export function stepsIn(dims: Dims, steps: readonly (readonly [number, number, number])[]): Step[] {
  return steps.map(([dx, dy, dz]) => ({ dx, dy, dz, offset: dx + dims[0] * (dy + dims[1] * dz) }));
}

/** Calls visit(neighbour) for each step from voxel i that stays inside the volume. */
export function forEachNeighbour(i: number, dims: Dims, steps: readonly Step[], visit: (neighbour: number) => void): void {
  const [nx, ny, nz] = dims;
  const x = i % nx;
  const rest = (i - x) / nx;
  const y = rest % ny;
  const z = (rest - y) / ny;
  for (const { dx, dy, dz, offset } of steps) {
    if (x + dx >= 0 && x + dx < nx && y + dy >= 0 && y + dy < ny && z + dz >= 0 && z + dz < nz) visit(i + offset);
  }
}

/** Breadth-first: sets region[i] = 1 for every voxel `accepts` allows that is reachable from `starts` through steps. */
export function flood(region: Uint8Array, starts: Iterable<number>, dims: Dims, steps: readonly Step[], accepts: (i: number) => boolean): void {
  const queue = new VoxelQueue();
  const reach = (i: number) => {
    if (!region[i] && accepts(i)) {
      region[i] = 1;
      queue.push(i);
    }
  };
  for (const start of starts) if (start >= 0 && start < region.length) reach(start);
  while (!queue.empty) forEachNeighbour(queue.shift(), dims, steps, reach);
}
