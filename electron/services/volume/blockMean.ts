// The per-voxel work of a pyramid build: each slice of a coarser level as the 2×2×2 block mean of two slices of the
// level above, and the value range of the slices read. In the C++ addon (native/src/pyramid.h) where it loaded: in
// TypeScript these two passes over every voxel took most of a bitshuffle-LZ4 build's time.
import { loadNativeKernels } from '../segment/kernels/native.js';
import type { VoxelArray } from './model.js';

const native = loadNativeKernels();

/** 'native' when the addon loaded, else 'typescript' (VOXBENCH_KERNELS=typescript forces it). */
export const blockMeanBackend: 'native' | 'typescript' = native ? 'native' : 'typescript';

/** Block sums of the TypeScript version, grown to the widest level halved. */
let sums = new Float64Array(0);

function halveInTypeScript(upper: VoxelArray, lower: VoxelArray | undefined, width: number, height: number, out: VoxelArray): void {
  const outWidth = (width + 1) >> 1;
  const outHeight = (height + 1) >> 1;
  if (sums.length < outWidth * outHeight) sums = new Float64Array(outWidth * outHeight);
  sums.fill(0, 0, outWidth * outHeight);
  for (const slice of lower ? [upper, lower] : [upper]) {
    for (let y = 0; y < height; y++) {
      const row = (y >> 1) * outWidth;
      const from = y * width;
      for (let x = 0; x < width; x++) sums[row + (x >> 1)]! += slice[from + x]!;
    }
  }
  const integer = !(out instanceof Float32Array || out instanceof Float64Array);
  for (let y = 0; y < outHeight; y++) {
    const countYZ = (lower ? 2 : 1) * (2 * y + 1 < height ? 2 : 1);
    for (let x = 0; x < outWidth; x++) {
      const mean = sums[y * outWidth + x]! / (countYZ * (2 * x + 1 < width ? 2 : 1));
      out[y * outWidth + x] = integer ? Math.floor(mean + 0.5) : mean;
    }
  }
}

/**
 * One slice of the next level (⌈width/2⌉ × ⌈height/2⌉, into `out`) from two slices of this level, or the last one of an
 * odd count alone: the mean of each 2×2×2 block, of the voxels that exist at odd edges; integers rounded half up
 * (floor(mean + 0.5)), which is exact as the mean of up to 8 integers is a multiple of 1/8. Both backends give the
 * same bits: floats sum in double in the same order.
 */
export function halveSlices<T extends VoxelArray>(upper: T, lower: T | undefined, width: number, height: number, out: T): void {
  if (native) native.halveSlices(upper, lower ?? null, width, height, out);
  else halveInTypeScript(upper, lower, width, height, out);
}

/** Folds the finite values of `voxels` into range [min, max]. */
export function extendRange(range: Float64Array, voxels: VoxelArray): void {
  if (native) return native.extendRange(voxels, range);
  let min = range[0]!;
  let max = range[1]!;
  for (let i = 0; i < voxels.length; i++) {
    const value = voxels[i]!;
    if (value < min && Number.isFinite(value)) min = value;
    if (value > max && Number.isFinite(value)) max = value;
  }
  range[0] = min;
  range[1] = max;
}
