// Reading a box of one Zarr v2 array of the pyramid: only the chunks it meets, inflated on zlib's threads.
// Runs where the caller is in a worker, and in levelReader's worker for the main thread.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { type Box, bytesPerVoxel, type VoxelArray, voxelArray } from './model.js';

/** Chunks decoded at once (node's zlib runs them on its thread pool). */
const PARALLEL = 8;

const inflateChunk = promisify(inflate);
export const zyx = (v: readonly number[]) => [v[2]!, v[1]!, v[0]!];

/** Runs tasks with at most `limit` in flight. */
async function inParallel(tasks: (() => Promise<void>)[], limit = PARALLEL): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, run));
}

/** One array of a store as `.zarray` describes it; dims and chunk sides [x, y, z]. */
export interface ArrayLayout {
  dims: Vec3;
  chunks: Vec3;
  path: string;
  separator: string;
  zlib: boolean;
  fill: number;
}

/** One chunk's voxels, or undefined where Zarr left it unwritten (all fill value). */
async function readChunk(dir: string, array: ArrayLayout, dtype: Dtype, index: Vec3): Promise<VoxelArray | undefined> {
  const path = join(dir, array.path, zyx(index).join(array.separator));
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new VoxbenchError('BadPyramid', `${path}: ${(error as Error).message}`);
  }
  const expected = array.chunks.reduce((a, b) => a * b) * bytesPerVoxel(dtype);
  if (array.zlib) {
    // The chunk's shape is its declared size: inflation stops there.
    bytes = await inflateChunk(bytes, { maxOutputLength: expected }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_BUFFER_TOO_LARGE') throw new VoxbenchError('BadPyramid', `${path}: the chunk inflates past its declared ${expected} bytes.`);
      throw new VoxbenchError('BadPyramid', `${path}: the chunk does not decompress (${error.message}).`);
    });
  }
  if (bytes.byteLength !== expected) throw new VoxbenchError('BadPyramid', `${path}: the chunk holds ${bytes.byteLength} bytes, not ${expected}.`);
  if (bytes.byteOffset % bytesPerVoxel(dtype)) bytes = bytes.slice();
  return voxelArray(dtype, bytes.buffer as ArrayBuffer, bytes.byteOffset, expected / bytesPerVoxel(dtype));
}

export async function readArrayRegion(dir: string, array: ArrayLayout, dtype: Dtype, { min, max }: Box): Promise<VoxelArray> {
  if (min.some((value, axis) => !Number.isInteger(value) || value < 0 || value >= max[axis]! || max[axis]! > array.dims[axis]!)) {
    throw new VoxbenchError('BadRegion', `${join(dir, array.path)}: [${min}] … [${max}] is not a box inside ${array.dims.join('×')}.`);
  }
  const size = [0, 1, 2].map((axis) => max[axis]! - min[axis]!);
  const region = voxelArray(dtype, new ArrayBuffer(size[0]! * size[1]! * size[2]! * bytesPerVoxel(dtype)));
  if (array.fill) region.fill(array.fill);
  const [cx, cy, cz] = array.chunks;
  const first = min.map((value, axis) => Math.floor(value / array.chunks[axis]!));
  const last = max.map((value, axis) => Math.floor((value - 1) / array.chunks[axis]!));
  const tasks: (() => Promise<void>)[] = [];
  for (let gz = first[2]!; gz <= last[2]!; gz++) {
    for (let gy = first[1]!; gy <= last[1]!; gy++) {
      for (let gx = first[0]!; gx <= last[0]!; gx++) {
        tasks.push(async () => {
          const chunk = await readChunk(dir, array, dtype, [gx, gy, gz]);
          if (!chunk) return;
          const lo = [Math.max(min[0], gx * cx), Math.max(min[1], gy * cy), Math.max(min[2], gz * cz)];
          const hi = [Math.min(max[0], (gx + 1) * cx), Math.min(max[1], (gy + 1) * cy), Math.min(max[2], (gz + 1) * cz)];
          for (let z = lo[2]!; z < hi[2]!; z++) {
            for (let y = lo[1]!; y < hi[1]!; y++) {
              const from = ((z - gz * cz) * cy + y - gy * cy) * cx + lo[0]! - gx * cx;
              region.set(chunk.subarray(from, from + hi[0]! - lo[0]!), ((z - min[2]) * size[1]! + y - min[1]) * size[0]! + lo[0]! - min[0]);
            }
          }
        });
      }
    }
  }
  await inParallel(tasks);
  return region;
}
