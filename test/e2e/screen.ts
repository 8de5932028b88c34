// Where a world point must appear in a slice view, restated from the conventions rather than taken from
// the app's code: radiological orientation, the volume centred, the whole slice fitted with 5 % to spare.
import type { Reference } from '../fixtures/reference';

type Vec3 = [number, number, number];
export type Orientation = 'axial' | 'coronal' | 'sagittal';

const screenAxes: Record<Orientation, { right: Vec3; up: Vec3 }> = {
  axial: { right: [1, 0, 0], up: [0, -1, 0] },
  coronal: { right: [1, 0, 0], up: [0, 0, 1] },
  sagittal: { right: [0, 1, 0], up: [0, 0, 1] },
};

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

export type Grid = Pick<Reference, 'dims' | 'spacing' | 'origin' | 'direction'>;

export function worldOf(grid: Grid, index: Vec3): Vec3 {
  return [0, 1, 2].map((row) => grid.origin[row]! + [0, 1, 2].reduce((sum, col) => sum + grid.direction[row * 3 + col]! * grid.spacing[col]! * index[col]!, 0)) as Vec3;
}

/** For axis-aligned grids: screen pixel of a world point in a width × height view. */
export function screenOf(grid: Grid, orientation: Orientation, width: number, height: number, world: Vec3): [number, number] {
  const { right, up } = screenAxes[orientation];
  const extent = (axis: Vec3) => Math.abs(dot(axis, grid.dims.map((n, i) => n * grid.spacing[i]!) as Vec3));
  const halfHeight = Math.max(extent(up) / 2, ((extent(right) / 2) * height) / width) * 1.05;
  const centre = worldOf(grid, grid.dims.map((n) => (n - 1) / 2) as Vec3);
  const scale = height / 2 / halfHeight;
  const offset = world.map((value, i) => value - centre[i]!) as Vec3;
  return [width / 2 + dot(offset, right) * scale, height / 2 - dot(offset, up) * scale];
}
