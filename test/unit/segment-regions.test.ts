// The changed-box search skips equal rows by memcmp and looks only at row ends: checked against a plain scan of
// every voxel on random sparse differences, both label widths, and windows inside the grid.
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract.js';
import type { Region } from '../../electron/common/segmentCalls.js';
import { differenceBox, maskBox, wholeBox } from '../../electron/services/segment/regions.js';

/** Every voxel looked at: the box's definition, nothing skipped. */
function plainBox(dims: Vec3, within: Region, holds: (i: number) => boolean): Region | null {
  let box: Region | null = null;
  for (let z = within.min[2]; z < within.max[2]; z++)
    for (let y = within.min[1]; y < within.max[1]; y++)
      for (let x = within.min[0]; x < within.max[0]; x++) {
        if (!holds(x + dims[0] * (y + dims[1] * z))) continue;
        box = box
          ? { min: [Math.min(box.min[0], x), Math.min(box.min[1], y), Math.min(box.min[2], z)], max: [Math.max(box.max[0], x + 1), Math.max(box.max[1], y + 1), Math.max(box.max[2], z + 1)] }
          : { min: [x, y, z], max: [x + 1, y + 1, z + 1] };
      }
  return box;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('changed boxes', () => {
  const dims: Vec3 = [37, 23, 11];
  const voxels = dims[0] * dims[1] * dims[2];
  for (const [Type, name] of [[Uint8Array, 'uint8'], [Uint16Array, 'uint16']] as const) {
    it(`differenceBox and maskBox equal a plain scan (${name})`, () => {
      const next = random(7);
      for (let trial = 0; trial < 200; trial++) {
        const before = new Type(voxels).map(() => Math.floor(next() * 3));
        const after = before.slice();
        const changes = Math.floor(next() * 6);
        for (let c = 0; c < changes; c++) after[Math.floor(next() * voxels)] = 300 + c;
        const corner = (n: number) => Math.floor(next() * n);
        const min: Vec3 = [corner(dims[0]), corner(dims[1]), corner(dims[2])];
        const within: Region = trial % 2 ? wholeBox(dims) : { min, max: [min[0] + 1 + corner(dims[0] - min[0]), min[1] + 1 + corner(dims[1] - min[1]), min[2] + 1 + corner(dims[2] - min[2])] };
        expect(differenceBox(before, after, dims, within)).toEqual(plainBox(dims, within, (i) => before[i] !== after[i]));
        const mask = new Type(voxels);
        for (let c = 0; c < changes; c++) mask[Math.floor(next() * voxels)] = 1;
        expect(maskBox(mask, dims)).toEqual(plainBox(dims, wholeBox(dims), (i) => mask[i] !== 0));
      }
    });
  }
});
