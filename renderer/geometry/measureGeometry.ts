// The numbers a measurement shows: length, angle, and the statistics of the voxels inside an ellipse or a
// rectangle drawn on a slice. All in world units (LPS, the volume's unit); pure.
import type { Vec3, VolumeInfo } from '../../electron/common/contract';
import { axisDirection, dot, indexToWorld, type SliceFrame } from './sliceGeometry';

type Geometry = Pick<VolumeInfo, 'dims' | 'spacing' | 'origin' | 'direction'>;

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

export const distance = (a: Vec3, b: Vec3) => Math.hypot(...sub(a, b));

/** The angle at `vertex` between the arms to `a` and `c`, in degrees (0–180). */
export function angleAt(a: Vec3, vertex: Vec3, c: Vec3): number {
  const u = sub(a, vertex);
  const v = sub(c, vertex);
  const cosine = dot(u, v) / (Math.hypot(...u) * Math.hypot(...v));
  return (Math.acos(Math.min(1, Math.max(-1, cosine))) * 180) / Math.PI;
}

/** One slice of voxels: index `index` across `axis` of `grid`, whose values hold that slice (or the whole grid). */
export interface SliceVoxels {
  grid: Geometry;
  values: ArrayLike<number>;
  axis: number;
  index: number;
  /** The pyramid level the voxels come from (0: full resolution). */
  level: number;
}

export interface RoiStats {
  count: number;
  mean: number;
  /** Population standard deviation (numpy's default). */
  std: number;
  min: number;
  max: number;
  /** Voxels inside × the voxel's in-plane area, in unit². */
  area: number;
  level: number;
}

export type RoiShape = 'ellipse' | 'rectangle';

/**
 * Statistics of the voxels whose centres lie inside the ellipse or rectangle spanned by the opposite corners
 * `from` and `to`, its sides along the view's right and up.
 */
export function roiStats(voxels: SliceVoxels, frame: SliceFrame, shape: RoiShape, from: Vec3, to: Vec3): RoiStats | undefined {
  const { grid, values, axis, index } = voxels;
  const centre = from.map((value, i) => (value + to[i]!) / 2) as Vec3;
  const halfRight = Math.abs(dot(sub(to, from), frame.right)) / 2;
  const halfUp = Math.abs(dot(sub(to, from), frame.up)) / 2;
  if (!halfRight || !halfUp) return undefined;
  const [a, b] = [0, 1, 2].filter((n) => n !== axis) as [number, number];
  const start = [0, 0, 0] as Vec3;
  start[axis] = index;
  const origin = sub(indexToWorld(grid, start), centre);
  // Screen coordinates (in half-widths) are linear in the index: u = u0 + ia·ua + ib·ub.
  const along = (n: number) => axisDirection(grid, n).map((c) => c * grid.spacing[n]!) as Vec3;
  const [u0, ua, ub] = [origin, along(a), along(b)].map((v) => dot(v, frame.right) / halfRight) as [number, number, number];
  const [v0, va, vb] = [origin, along(a), along(b)].map((v) => dot(v, frame.up) / halfUp) as [number, number, number];
  const strides = [1, grid.dims[0], grid.dims[0] * grid.dims[1]];
  const base = index * strides[axis]!;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const inside: number[] = [];
  for (let ib = 0; ib < grid.dims[b]!; ib++) {
    for (let ia = 0; ia < grid.dims[a]!; ia++) {
      const u = u0 + ia * ua + ib * ub;
      const v = v0 + ia * va + ib * vb;
      if (shape === 'ellipse' ? u * u + v * v > 1 : Math.abs(u) > 1 || Math.abs(v) > 1) continue;
      const value = values[base + ia * strides[a]! + ib * strides[b]!]!;
      inside.push(value);
      count++;
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (!count) return undefined;
  const mean = sum / count;
  const variance = inside.reduce((total, value) => total + (value - mean) ** 2, 0) / count;
  return { count, mean, std: Math.sqrt(variance), min, max, area: count * grid.spacing[a]! * grid.spacing[b]!, level: voxels.level };
}
