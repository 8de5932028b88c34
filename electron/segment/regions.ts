// Boxes of a labelmap: where two labelmaps differ, and a box's voxels read out or written back (undo's bytes).
import type { Vec3 } from '../contract.js';
import type { Region } from './calls.js';
import type { Dims, Labels } from './kernels/index.js';

export const wholeBox = (dims: Dims): Region => ({ min: [0, 0, 0], max: [dims[0], dims[1], dims[2]] });

/** The rows of a box: [first, end) linear indices, one x-row at a time, with the row's y and z. */
export function* rows(dims: Dims, { min, max }: Region): Generator<[number, number, number, number]> {
  for (let z = min[2]; z < max[2]; z++) {
    for (let y = min[1]; y < max[1]; y++) {
      const start = min[0] + dims[0] * (y + dims[1] * z);
      yield [start, start + max[0] - min[0], y, z];
    }
  }
}

/** The smallest box holding every voxel where `before` and `after` differ (looking only `within`); null when they are equal. */
export function differenceBox(before: Labels, after: Labels, dims: Dims, within = wholeBox(dims)): Region | null {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-1, -1, -1];
  for (const [start, end, y, z] of rows(dims, within)) {
    for (let i = start, x = within.min[0]; i < end; x++, i++) {
      if (before[i] === after[i]) continue;
      if (x < min[0]) min[0] = x;
      if (x > max[0]) max[0] = x;
      if (y < min[1]) min[1] = y;
      if (y > max[1]) max[1] = y;
      if (z < min[2]) min[2] = z;
      max[2] = z;
    }
  }
  return max[0] < 0 ? null : { min, max: [max[0] + 1, max[1] + 1, max[2] + 1] };
}

export const boxVoxels = ({ min, max }: Region) => (max[0] - min[0]) * (max[1] - min[1]) * (max[2] - min[2]);

/** The voxels of `box`, x fastest, in a new array of the labelmap's type. */
export function readBox(labels: Labels, dims: Dims, box: Region): Labels {
  const out = new (labels.constructor as Uint8ArrayConstructor | Uint16ArrayConstructor)(boxVoxels(box));
  let o = 0;
  for (const [start, end] of rows(dims, box)) {
    out.set(labels.subarray(start, end), o);
    o += end - start;
  }
  return out;
}

/** Writes `values` (as readBox gave them) back into `box`. */
export function writeBox(labels: Labels, dims: Dims, box: Region, values: Labels): void {
  let o = 0;
  for (const [start, end] of rows(dims, box)) {
    labels.set(values.subarray(o, o + end - start), start);
    o += end - start;
  }
}

/** The smallest box holding both. */
export function unionBox(a: Region | null, b: Region | null): Region | null {
  if (!a || !b) return a ?? b;
  return { min: [0, 1, 2].map((k) => Math.min(a.min[k]!, b.min[k]!)) as Vec3, max: [0, 1, 2].map((k) => Math.max(a.max[k]!, b.max[k]!)) as Vec3 };
}
