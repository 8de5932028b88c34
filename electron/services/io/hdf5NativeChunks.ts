// Region reads of a chunked HDF5 dataset decoded by the native addon (native/src/hdf5_lz4.h) instead of h5wasm's
// wasm plugins, which run without SIMD and were the bottleneck of bitshuffle-LZ4 reads. Only where every chunk is
// stored with one filter the addon decodes (bitshuffle in LZ4 mode, or LZ4), through a chunk index read from the
// file (hdf5ChunkIndex.ts); any other dataset, or no addon, stays on the h5wasm path.
import { fstatSync, readSync } from 'node:fs';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { loadNativeKernels, type NativeKernels } from '../segment/kernels/native.js';
import { bytesPerVoxel, voxelArray, type Box, type VoxelArray } from '../volume/model.js';
import { chunkIndexOf, type StoredChunk } from './hdf5ChunkIndex.js';

const BITSHUFFLE = 32008;
const LZ4 = 32004;
const BITSHUFFLE_LZ4_MODE = 2; // cd_values[4] of the bitshuffle filter

let addon: NativeKernels | null | undefined;
const nativeDecoder = () => (addon === undefined ? (addon = loadNativeKernels() ?? null) : addon);

/** The one filter the addon decodes for this pipeline, or undefined. */
export function nativeFilter(filters: { id: number; cd_values: number[] }[]): number | undefined {
  if (filters.length !== 1) return undefined;
  const [{ id, cd_values }] = filters as [{ id: number; cd_values: number[] }];
  if (id === LZ4 || (id === BITSHUFFLE && cd_values[4] === BITSHUFFLE_LZ4_MODE)) return id;
  return undefined;
}

/** The chunk index, or undefined where it is not one hdf5ChunkIndex.ts follows: h5wasm then reads, and says what is wrong. */
function indexOrNothing(fd: number, objectHeader: number): StoredChunk[] | undefined {
  try {
    return chunkIndexOf(fd, objectHeader);
  } catch {
    return undefined;
  }
}

export interface NativeDataset {
  fd: number;
  objectHeader: number;
  filter: number;
  dtype: Dtype;
  /** x, y, z */
  dims: Vec3;
  chunks: Vec3;
  where: string;
}

/**
 * A reader of boxes ([x, y, z], max excluded) that decodes the chunks they cut natively, or undefined where the
 * file's chunk index is not one hdf5ChunkIndex.ts reads, a chunk skipped its filter or was never written.
 */
export function nativeRegionReader({ fd, objectHeader, filter, dtype, dims, chunks, where }: NativeDataset): ((box: Box) => VoxelArray) | undefined {
  const decoder = nativeDecoder();
  if (!decoder) return undefined;
  const index = indexOrNothing(fd, objectHeader);
  const grid = dims.map((extent, axis) => Math.ceil(extent / chunks[axis]!)) as Vec3;
  if (!index || index.length !== grid[0] * grid[1] * grid[2] || index.some((chunk) => chunk.filterMask !== 0)) return undefined;
  const byIndex = new Map<string, StoredChunk>(index.map((chunk) => [chunk.origin.map((at, dim) => at / chunks[2 - dim]!).reverse().join('/'), chunk]));
  // Every chunk of the grid exactly once and inside the file (a damaged key could name a place off the grid, twice,
  // or a size of gigabytes).
  const onGrid = (key: string) => key.split('/').every((i, axis) => Number.isInteger(Number(i)) && Number(i) >= 0 && Number(i) < grid[axis]!);
  const fileBytes = fstatSync(fd).size;
  if (byIndex.size !== index.length || ![...byIndex.keys()].every(onGrid) || index.some((chunk) => chunk.address + chunk.size > fileBytes)) return undefined;
  const elementSize = bytesPerVoxel(dtype);
  const chunkBytes = chunks[0] * chunks[1] * chunks[2] * elementSize;

  /** Decodes the chunk at `index` into its part of `region` (voxels of `regionBox`). */
  function place(index: Vec3, region: VoxelArray, regionBox: Float64Array): void {
    const key = index.join('/');
    const chunk = byIndex.get(key)!;
    const stored = Buffer.allocUnsafe(chunk.size);
    if (readSync(fd, stored, 0, chunk.size, chunk.address) !== chunk.size) throw new VoxbenchError('CorruptFile', `${where}: chunk ${key} (x/y/z) ends past the end of the file.`);
    const min = index.map((i, axis) => i * chunks[axis]!);
    const box = Float64Array.of(...min, ...min.map((v, axis) => v + chunks[axis]!));
    if (!decoder!.placeHdf5Chunk(filter, stored, elementSize, box, region, regionBox)) {
      throw new VoxbenchError('CorruptFile', `${where}: chunk ${key} (x/y/z) is damaged (its ${filter === LZ4 ? 'LZ4' : 'bitshuffle-LZ4'} stream does not decode to ${chunkBytes} bytes).`);
    }
  }

  return (box) => {
    const region = voxelArray(dtype, new ArrayBuffer(box.max.reduce((n, v, axis) => n * (v - box.min[axis]!), elementSize)));
    const regionBox = Float64Array.of(...box.min, ...box.max);
    const lo = box.min.map((v, axis) => Math.floor(v / chunks[axis]!));
    const hi = box.max.map((v, axis) => Math.ceil(v / chunks[axis]!));
    for (let cz = lo[2]!; cz < hi[2]!; cz++) {
      for (let cy = lo[1]!; cy < hi[1]!; cy++) {
        for (let cx = lo[0]!; cx < hi[0]!; cx++) place([cx, cy, cz], region, regionBox);
      }
    }
    return region;
  };
}
