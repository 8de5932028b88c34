// Whole-labelmap passes for import and export, run in a segment worker: each label value's box (Slicer's
// Segment{N}_Extent), and a file's voxels checked and turned into labels.
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { VoxelArray } from '../volume/model.js';
import type { Region } from '../../common/segmentCalls.js';
import type { Dims, Labels } from './kernels/index.js';

/** The voxel box of every label value present, by value. */
export function labelBoxes(labels: Labels, dims: Dims): [number, Region][] {
  const boxes = new Map<number, { min: Vec3; max: Vec3 }>();
  for (let z = 0, i = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      for (let x = 0; x < dims[0]; x++, i++) {
        const value = labels[i]!;
        if (!value) continue;
        const box = boxes.get(value);
        if (!box) boxes.set(value, { min: [x, y, z], max: [x + 1, y + 1, z + 1] });
        else {
          if (x < box.min[0]) box.min[0] = x;
          if (x >= box.max[0]) box.max[0] = x + 1;
          if (y < box.min[1]) box.min[1] = y;
          if (y >= box.max[1]) box.max[1] = y + 1;
          box.max[2] = z + 1;
        }
      }
    }
  }
  return [...boxes];
}

/** A labelmap file's voxels as labels (uint8 unless a value needs 16 bits) and the values present; `name` is for errors. */
export function toLabels(values: VoxelArray, name: string): { labels: Labels; present: number[] } {
  let max = 0;
  const present = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isInteger(value) || value < 0 || value > 65535) throw new VoxbenchError('NotALabelmap', `${name} holds the value ${value}: label values are whole numbers from 0 to 65535.`);
    if (value > max) max = value;
    if (value) present.add(value);
  }
  const labels = max > 255 ? new Uint16Array(values.length) : new Uint8Array(values.length);
  labels.set(values as ArrayLike<number>);
  return { labels, present: [...present].sort((a, b) => a - b) };
}
