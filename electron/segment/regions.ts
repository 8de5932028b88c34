// Boxes of a labelmap: where two labelmaps differ, and a box's voxels read out or written back (undo's bytes).
import type { Vec3 } from '../contract.js';
import type { Region } from './calls.js';
import type { Dims, Labels } from './kernels/index.js';

/** The smallest box holding every voxel where `before` and `after` differ; null when they are equal. */
export function differenceBox(before: Labels, after: Labels, dims: Dims): Region | null {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-1, -1, -1];
  const [nx, ny] = dims;
  for (let z = 0, i = 0; z < dims[2]; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (before[i] === after[i]) continue;
        if (x < min[0]) min[0] = x;
        if (x > max[0]) max[0] = x;
        if (y < min[1]) min[1] = y;
        if (y > max[1]) max[1] = y;
        if (z < min[2]) min[2] = z;
        max[2] = z;
      }
    }
  }
  return max[0] < 0 ? null : { min, max: [max[0] + 1, max[1] + 1, max[2] + 1] };
}

export const boxVoxels = ({ min, max }: Region) => (max[0] - min[0]) * (max[1] - min[1]) * (max[2] - min[2]);

/** The voxels of `box`, x fastest, in a new array of the labelmap's type. */
export function readBox(labels: Labels, dims: Dims, box: Region): Labels {
  const out = new (labels.constructor as Uint8ArrayConstructor | Uint16ArrayConstructor)(boxVoxels(box));
  const width = box.max[0] - box.min[0];
  let o = 0;
  for (let z = box.min[2]; z < box.max[2]; z++) {
    for (let y = box.min[1]; y < box.max[1]; y++, o += width) {
      const from = box.min[0] + dims[0] * (y + dims[1] * z);
      out.set(labels.subarray(from, from + width), o);
    }
  }
  return out;
}

/** Writes `values` (as readBox gave them) back into `box`. */
export function writeBox(labels: Labels, dims: Dims, box: Region, values: Labels): void {
  const width = box.max[0] - box.min[0];
  let o = 0;
  for (let z = box.min[2]; z < box.max[2]; z++) {
    for (let y = box.min[1]; y < box.max[1]; y++, o += width) labels.set(values.subarray(o, o + width), box.min[0] + dims[0] * (y + dims[1] * z));
  }
}

/** The smallest box holding both. */
export function unionBox(a: Region | null, b: Region | null): Region | null {
  if (!a || !b) return a ?? b;
  return { min: [0, 1, 2].map((k) => Math.min(a.min[k]!, b.min[k]!)) as Vec3, max: [0, 1, 2].map((k) => Math.max(a.max[k]!, b.max[k]!)) as Vec3 };
}
