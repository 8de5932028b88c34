// A recipe names positions in the world (LPS mm) so that its steps replay on scans of other grids: what a tool
// that names voxels records, and the voxels those positions fall in on the scan it replays on.
import type { Vec3 } from '../../../common/contract.js';
import { VoxbenchError } from '../../../common/errors.js';
import type { Region } from '../../../common/segmentCalls.js';
import { indexToWorld, worldToVoxel, type Geometry } from '../../volume/geometry.js';

/** A scan as a recipe replays on it: its grid and its name (for errors). */
export type Grid = Geometry & { dims: Vec3; name: string };

export const worldOf = (geometry: Geometry, voxels: Vec3[]): Vec3[] => voxels.map((voxel) => indexToWorld(geometry, voxel));

/** The nearest voxel of each position; one outside the scan is a RecipeOutsideScan naming it. */
export function voxelsAt(grid: Grid, points: Vec3[], what: string): Vec3[] {
  return worldToVoxel(grid, points).map((index, n) => {
    const voxel = index.map(Math.round) as Vec3;
    if (voxel.some((v, k) => v < 0 || v >= grid.dims[k]!)) {
      throw new VoxbenchError('RecipeOutsideScan', `${what} ${n + 1} at ${points[n]!.map((v) => v.toFixed(1)).join(', ')} mm lies outside ${grid.name} (${grid.dims.join('×')} voxels).`);
    }
    return voxel;
  });
}

/** The box of voxel indices between two world corners, within the scan (a turned grid may swap the corners). */
export function boxAt(grid: Grid, corners: { min: Vec3; max: Vec3 }): Region {
  const [a, b] = worldToVoxel(grid, [corners.min, corners.max]).map((index) => index.map(Math.round));
  const clamp = (v: number, k: number) => Math.min(Math.max(v, 0), grid.dims[k]!);
  return {
    min: [0, 1, 2].map((k) => clamp(Math.min(a![k]!, b![k]!), k)) as Vec3,
    max: [0, 1, 2].map((k) => clamp(Math.max(a![k]!, b![k]!), k)) as Vec3,
  };
}
