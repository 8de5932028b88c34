import type { Connectivity } from './types.js';

/** Neighbour steps (dx, dy, dz) of a voxel: 6 share a face, 18 a face or edge, 26 also a corner. */
export function neighbourSteps(connectivity: Connectivity): [number, number, number][] {
  const steps: [number, number, number][] = [];
  for (let dz = -1; dz <= 1; dz++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const order = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
        if (order === 0 || (connectivity === 6 && order > 1) || (connectivity === 18 && order > 2)) continue;
        steps.push([dx, dy, dz]);
      }
    }
  }
  return steps;
}
