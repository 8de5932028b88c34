// Where an edit works: the boxes of the labelmap ("windows") a tool reads and writes, so no tool needs the
// whole volume in memory. Voxelwise tools work piece by piece; tools that look only a few voxels away
// (morphology, smoothing) piece by piece too, each piece read with that many slices around it; tools that look
// at a whole segment get one window around it, with room for what they add; growing tools start around their
// seeds (or on the whole volume when it fits) and widen while the grown region reaches a side that is not the
// volume's.
import type { Vec3 } from '../../../common/contract.js';
import type { Region } from '../../../common/segmentCalls.js';
import type { Dims, Spacing } from '../kernels/index.js';
import { BRICK, type Labelmap } from '../labelmap.js';
import { boxDims } from '../regions.js';

export type Plan =
  /** Any split of `box` into z-pieces gives the same result, each piece worked on with `halo` slices around it (0 for voxelwise tools). */
  | { kind: 'pieces'; box: Region | null; halo: number }
  /** One window holding all the tool looks at. */
  | { kind: 'whole'; box: Region | null }
  /** Starts at `box`, widened while the grown region touches a side that is not the volume's. */
  | { kind: 'grow'; box: Region | null };

/** `box` grown by `margin` voxels on every side, within the volume. */
export function around(box: Region | null, margin: readonly number[], dims: Dims): Region | null {
  if (!box) return null;
  return { min: box.min.map((v, k) => Math.max(0, v - margin[k]!)) as Vec3, max: box.max.map((v, k) => Math.min(dims[k]!, v + margin[k]!)) as Vec3 };
}

/** The box of continuous voxel positions, widened by `reach` and rounded out. */
export function boxOfPoints(points: readonly (readonly number[])[], reach: readonly number[], dims: Dims): Region | null {
  const min = [0, 1, 2].map((k) => Math.max(0, Math.floor(Math.min(...points.map((p) => p[k]!)) - reach[k]!))) as Vec3;
  const max = [0, 1, 2].map((k) => Math.min(dims[k]!, Math.ceil(Math.max(...points.map((p) => p[k]!)) + reach[k]!) + 1)) as Vec3;
  return min.some((v, k) => v >= max[k]!) ? null : { min, max };
}

/** The box of `values`' voxels grown by `margin` voxels on every side; null when they have none. */
export const segmentsBox = (labelmap: Labelmap, values: number[], margin: readonly number[] = [0, 0, 0]) => around(labelmap.bounds(values), margin, labelmap.dims);

/** Voxels per axis a tool reaching `mm` may look (and one more). */
export const voxelsFor = (mm: number, spacing: Spacing) => spacing.map((s) => Math.ceil(mm / s) + 1);

/** How far around its seeds a growing tool first looks when the whole volume does not fit (its window doubles from there). */
export const firstReach = [16, 16, 16];

/** Voxel positions counted from `at`. */
export const shiftPoints = (points: Vec3[], at: readonly number[]): Vec3[] => points.map((p) => p.map((c, k) => c - at[k]!) as Vec3);

/** A piece of a box: the `core` whose result lands, inside the `window` the tool reads (the core and `halo` slices around it, within the box). */
export interface Piece {
  core: Region;
  window: Region;
}

/**
 * `box` cut across z into pieces whose windows hold at most `maxVoxels` (cores whole bricks deep where they can be).
 * A core is at least `halo` deep, so a window reaches into its neighbours' cores only (edit() lands each core after
 * the next window is read); when that cannot fit, the box is one piece, and too big.
 */
export function piecesOf(box: Region, maxVoxels: number, halo: number): Piece[] {
  const [w, h, d] = boxDims(box);
  const fit = Math.floor(maxVoxels / (w * h)) - 2 * halo;
  const depth = fit >= BRICK ? fit - (fit % BRICK) : fit;
  if (depth >= d || depth < Math.max(1, halo)) return [{ core: box, window: box }];
  const pieces: Piece[] = [];
  for (let z = box.min[2]; z < box.max[2]; ) {
    const end = Math.min(box.max[2], depth >= BRICK ? Math.floor(z / BRICK) * BRICK + depth : z + depth);
    const slab = (from: number, to: number): Region => ({ min: [box.min[0], box.min[1], from], max: [box.max[0], box.max[1], to] });
    pieces.push({ core: slab(z, end), window: slab(Math.max(box.min[2], z - halo), Math.min(box.max[2], end + halo)) });
    z = end;
  }
  return pieces;
}

/** A growing window widened (doubled) on each side the grown region `reach` (window coordinates) touches, or null when it need not grow. */
export function widened(window: Region, reach: Region | null, dims: Dims): Region | null {
  if (!reach) return null;
  const size = boxDims(window);
  const min = window.min.map((v, k) => (reach.min[k] === 0 ? Math.max(0, v - size[k]!) : v)) as Vec3;
  const max = window.max.map((v, k) => (reach.max[k] === size[k] ? Math.min(dims[k]!, v + size[k]!) : v)) as Vec3;
  return min.every((v, k) => v === window.min[k]) && max.every((v, k) => v === window.max[k]) ? null : { min, max };
}
