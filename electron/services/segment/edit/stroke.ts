// Brush strokes as voxel masks: a disc in a slice's plane or a sphere, radius in the volume's unit, swept
// along the stroke's points so fast strokes leave no gaps.
import type { Vec3 } from '../../../common/contract.js';
import type { Region } from '../../../common/segmentCalls.js';
import type { Dims, Mask, Scalars, Spacing } from '../kernels/index.js';
import { rows } from '../regions.js';
import type { Extent } from './labelWrites.js';

export interface Stroke {
  shape: 'disc' | 'sphere';
  axis: 0 | 1 | 2;
  radiusMm: number;
  /** Continuous voxel indices. */
  points: Vec3[];
  intensityRange?: [number, number];
}

/** Centres along the stroke no farther apart than a quarter of the radius (in voxels), so the swept shape is continuous. */
function sweep(points: Vec3[], radiusVoxels: number): Vec3[] {
  const step = Math.max(0.25, radiusVoxels / 4);
  const centres: Vec3[] = [points[0]!];
  for (let p = 1; p < points.length; p++) {
    const [a, b] = [points[p - 1]!, points[p]!];
    const steps = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / step);
    for (let s = 1; s <= steps; s++) centres.push([0, 1, 2].map((k) => a[k]! + ((b[k]! - a[k]!) * s) / steps) as Vec3);
  }
  return centres;
}

/** Voxels the stroke covers (only those in `intensityRange` of `image` when a range is given), and the box holding them. */
export function strokeMask(stroke: Stroke, dims: Dims, spacing: Spacing, image?: Scalars): { mask: Mask; box: Region } {
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const box: Region = { min: [...dims] as Vec3, max: [0, 0, 0] };
  const radius = stroke.radiusMm;
  const reach = [0, 1, 2].map((k) => (stroke.shape === 'disc' && k === stroke.axis ? 0 : radius / spacing[k]!));
  for (const centre of sweep(stroke.points, radius / Math.min(...spacing))) {
    const at = centre.map((c, k) => (stroke.shape === 'disc' && k === stroke.axis ? Math.round(c) : c));
    const lo = at.map((c, k) => Math.max(0, Math.ceil(c - reach[k]!)));
    const hi = at.map((c, k) => Math.min(dims[k]! - 1, Math.floor(c + reach[k]!)));
    for (let k = 0; k < 3; k++) {
      box.min[k] = Math.min(box.min[k]!, lo[k]!);
      box.max[k] = Math.max(box.max[k]!, hi[k]! + 1);
    }
    for (let z = lo[2]!; z <= hi[2]!; z++) {
      const dz = (z - at[2]!) * spacing[2];
      for (let y = lo[1]!; y <= hi[1]!; y++) {
        const dy = (y - at[1]!) * spacing[1];
        for (let x = lo[0]!; x <= hi[0]!; x++) {
          const dx = (x - at[0]!) * spacing[0];
          if (dx * dx + dy * dy + dz * dz <= radius * radius) mask[x + dims[0] * (y + dims[1] * z)] = 1;
        }
      }
    }
  }
  if (box.min.some((v, k) => v >= box.max[k]!)) return { mask, box: { min: [0, 0, 0], max: [0, 0, 0] } };
  if (stroke.intensityRange && image) keepInRange(mask, image, stroke.intensityRange, { dims, box });
  return { mask, box };
}

/** Clears mask voxels whose image value lies outside [lo, hi] (looking only within `extent` when given). */
export function keepInRange(mask: Mask, image: Scalars, [lo, hi]: readonly [number, number], extent?: Extent): void {
  for (const [start, end] of extent ? rows(extent.dims, extent.box) : [[0, mask.length]]) {
    // Multiplying by the test rather than branching on it: on noise a branch is mispredicted half the time.
    for (let i = start!; i < end!; i++) mask[i] = mask[i]! * (+(image[i]! >= lo) & +(image[i]! <= hi));
  }
}
