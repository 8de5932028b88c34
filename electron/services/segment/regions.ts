// Boxes of a labelmap: where two labelmaps differ, a box's voxels copied out or back, and box arithmetic.
import type { Vec3 } from '../../common/contract.js';
import type { Region } from '../../common/segmentCalls.js';
import type { VoxelArray } from '../volume/model.js';
import type { Dims, Labels } from './kernels/index.js';

export const wholeBox = (dims: Dims): Region => ({ min: [0, 0, 0], max: [dims[0], dims[1], dims[2]] });

/** The rows of `part` in an array laid out over `layout` (x fastest): [first, end) offsets, with the row's y and z. */
export function* rowsIn(layout: Region, part: Region): Generator<[number, number, number, number]> {
  const [w, h] = boxDims(layout);
  for (let z = part.min[2]; z < part.max[2]; z++) {
    for (let y = part.min[1]; y < part.max[1]; y++) {
      const start = part.min[0] - layout.min[0] + w * (y - layout.min[1] + h * (z - layout.min[2]));
      yield [start, start + part.max[0] - part.min[0], y, z];
    }
  }
}

/** The rows of a box in the whole labelmap. */
export const rows = (dims: Dims, box: Region) => rowsIn(wholeBox(dims), box);

/** A typed array's bytes, for memcmp-speed row tests. */
const bytesOf = (voxels: Labels) => Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength);

/**
 * The smallest box holding every voxel (looking only `within`) where `holds(i)`; null when there is none. A row that
 * `rowHolds(start, end)` denies is skipped whole (a memcmp), and in the others only the ends beyond the box so far
 * are looked at voxel by voxel: on a whole-volume threshold that is a few voxels a row instead of every one.
 */
function boxWhere(dims: Dims, within: Region, holds: (i: number) => boolean, rowHolds: (start: number, end: number) => boolean): Region | null {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-1, -1, -1];
  for (const [start, end, y, z] of rows(dims, within)) {
    if (!rowHolds(start, end)) continue;
    if (y < min[1]) min[1] = y;
    if (y > max[1]) max[1] = y;
    if (z < min[2]) min[2] = z;
    max[2] = z;
    for (let i = start, x = within.min[0]; x < min[0] && i < end; x++, i++) if (holds(i)) min[0] = x;
    for (let i = end - 1, x = within.max[0] - 1; x > max[0] && i >= start; x--, i--) if (holds(i)) max[0] = x;
  }
  return max[0] < 0 ? null : { min, max: [max[0] + 1, max[1] + 1, max[2] + 1] };
}

/** The smallest box holding every voxel where `before` and `after` differ (looking only `within`); null when they are equal. */
export function differenceBox(before: Labels, after: Labels, dims: Dims, within = wholeBox(dims)): Region | null {
  const [a, b, size] = [bytesOf(before), bytesOf(after), before.BYTES_PER_ELEMENT];
  return boxWhere(dims, within, (i) => before[i] !== after[i], (start, end) => a.compare(b, start * size, end * size, start * size, end * size) !== 0);
}

/** The smallest box holding every voxel of `mask` that is set; null when none is. */
export function maskBox(mask: Labels, dims: Dims): Region | null {
  const [bytes, size, zeros] = [bytesOf(mask), mask.BYTES_PER_ELEMENT, Buffer.alloc(dims[0] * mask.BYTES_PER_ELEMENT)];
  return boxWhere(dims, wholeBox(dims), (i) => mask[i] !== 0, (start, end) => zeros.compare(bytes, start * size, end * size) !== 0);
}

export const boxVoxels = ({ min, max }: Region) => (max[0] - min[0]) * (max[1] - min[1]) * (max[2] - min[2]);

/** Copies the rows of `part` from `from` (laid out over `fromBox`, x fastest) into `to` (laid out over `toBox`). */
export function copyRows<T extends Labels | VoxelArray>(from: T, fromBox: Region, to: T, toBox: Region, part: Region): void {
  const width = part.max[0] - part.min[0];
  const [fw, fh] = boxDims(fromBox);
  const [tw, th] = boxDims(toBox);
  for (let z = part.min[2]; z < part.max[2]; z++) {
    let f = part.min[0] - fromBox.min[0] + fw * (part.min[1] - fromBox.min[1] + fh * (z - fromBox.min[2]));
    let t = part.min[0] - toBox.min[0] + tw * (part.min[1] - toBox.min[1] + th * (z - toBox.min[2]));
    // A row at a time as one memmove: even a brick's 64-voxel rows copy 2× faster so than element by element (T's many types make that loop megamorphic).
    for (let y = part.min[1]; y < part.max[1]; y++, f += fw, t += tw) to.set(from.subarray(f, f + width) as never, t);
  }
}

/** The voxels of `box`, x fastest, in a new array of the same type (in shared memory when asked, for workers). */
export function readBox<T extends Labels | VoxelArray>(voxels: T, dims: Dims, box: Region, shared = false): T {
  const type = voxels.constructor as new (buffer: ArrayBufferLike) => T;
  const bytes = boxVoxels(box) * voxels.BYTES_PER_ELEMENT;
  const out = new type(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  copyRows(voxels, wholeBox(dims), out, box, box);
  return out;
}

/** Writes `values` (as readBox gave them) back into `box`. */
export function writeBox(labels: Labels, dims: Dims, box: Region, values: Labels): void {
  copyRows(values, box, labels, wholeBox(dims), box);
}

/** The part two boxes share, or null. */
export function intersectBox(a: Region, b: Region): Region | null {
  const min = [0, 1, 2].map((k) => Math.max(a.min[k]!, b.min[k]!)) as Vec3;
  const max = [0, 1, 2].map((k) => Math.min(a.max[k]!, b.max[k]!)) as Vec3;
  return min.some((v, k) => v >= max[k]!) ? null : { min, max };
}

export const boxDims = ({ min, max }: Region): Vec3 => [max[0] - min[0], max[1] - min[1], max[2] - min[2]];

/** `box` moved by `offset` (window coordinates to volume coordinates, or back with a negative offset). */
export const shiftBox = ({ min, max }: Region, offset: Vec3, sign = 1): Region => ({
  min: min.map((v, k) => v + sign * offset[k]!) as Vec3,
  max: max.map((v, k) => v + sign * offset[k]!) as Vec3,
});

/** The smallest box holding both. */
export function unionBox(a: Region | null, b: Region | null): Region | null {
  if (!a || !b) return a ?? b;
  return { min: [0, 1, 2].map((k) => Math.min(a.min[k]!, b.min[k]!)) as Vec3, max: [0, 1, 2].map((k) => Math.max(a.max[k]!, b.max[k]!)) as Vec3 };
}
