// Region reads of a chunked HDF5 dataset decoded by the native addon (native/src/hdf5_chunks.h) instead of h5wasm's
// wasm filters, which run on one thread without SIMD: one addon call per region reads the chunks it cuts with
// pread and decodes them on several threads. Only where the filter pipeline is one the addon undoes (shuffle and/or
// one of deflate, LZ4, bitshuffle-LZ4), through a chunk index read from the file (hdf5ChunkIndex.ts); any other
// dataset, or no addon, stays on the h5wasm path.
import { fstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { loadNativeKernels, type NativeKernels } from '../segment/kernels/native.js';
import { bytesPerVoxel, voxelArray, type Box, type VoxelArray } from '../volume/model.js';
import { chunkIndexOf, type StoredChunk } from './hdf5ChunkIndex.js';

const DEFLATE = 1;
const SHUFFLE = 2;
const LZ4 = 32004;
const BITSHUFFLE = 32008;
const BITSHUFFLE_LZ4_MODE = 2; // cd_values[4] of the bitshuffle filter

let addon: NativeKernels | null | undefined;
const nativeDecoder = () => (addon === undefined ? (addon = loadNativeKernels() ?? null) : addon);

interface Filter {
  id: number;
  cd_values: number[];
}

/** A compressor the addon undoes, as the last filter HDF5 applied (the first undone). */
const isCodec = ({ id, cd_values }: Filter) => id === DEFLATE || id === LZ4 || (id === BITSHUFFLE && cd_values[4] === BITSHUFFLE_LZ4_MODE);
/** The shuffle filter's element size is its first parameter (HDF5 sets it to the datatype's). */
const isShuffle = ({ id, cd_values }: Filter, elementSize: number) => id === SHUFFLE && (cd_values[0] ?? elementSize) === elementSize;

/** The pipeline's filter ids (in HDF5's order) where the addon undoes it: shuffle, a codec, or shuffle then a codec. */
export function nativePipeline(filters: Filter[], elementSize: number): Uint32Array | undefined {
  const [first, second, ...rest] = filters;
  if (!first || rest.length) return undefined;
  const fits = second ? isShuffle(first, elementSize) && isCodec(second) : isShuffle(first, elementSize) || isCodec(first);
  return fits ? Uint32Array.from(filters, ({ id }) => id) : undefined;
}

/** The chunk index, or undefined where it is not one hdf5ChunkIndex.ts follows: h5wasm then reads, and says what is wrong. */
function indexOrNothing(fd: number, objectHeader: number, decoder: NativeKernels): StoredChunk[] | undefined {
  try {
    return chunkIndexOf(fd, objectHeader, (addresses, bytes) => decoder.willNeed(fd, Float64Array.from(addresses), bytes));
  } catch {
    return undefined;
  }
}

/** The stored chunks in grid order (x fastest), or undefined unless every chunk of the grid is there exactly once, inside the file. */
function chunkGrid(index: StoredChunk[], chunks: Vec3, grid: Vec3, fileBytes: number): StoredChunk[] | undefined {
  const slots: StoredChunk[] = [];
  for (const chunk of index) {
    // A damaged key could name a place off the grid, twice, or a size past the end of the file.
    const at = [...chunk.origin].reverse().map((origin, axis) => origin / chunks[axis]!);
    if (at.some((i, axis) => !Number.isInteger(i) || i < 0 || i >= grid[axis]!) || chunk.address + chunk.size > fileBytes) return undefined;
    const slot = at[0]! + grid[0] * (at[1]! + grid[1] * at[2]!);
    if (slots[slot]) return undefined;
    slots[slot] = chunk;
  }
  return index.length === grid[0] * grid[1] * grid[2] ? slots : undefined;
}

export interface NativeDataset {
  fd: number;
  objectHeader: number;
  /** Filter ids as nativePipeline gives them. */
  filters: Uint32Array;
  dtype: Dtype;
  /** x, y, z */
  dims: Vec3;
  chunks: Vec3;
  where: string;
  /** Decoding threads; one per core unless told. */
  threads?: number;
  /** Reads cutting at most this many bytes of chunks decode with the calling thread taking part (DECODE_NOW_BYTES unless told). */
  decodeNowBytes?: number;
}

const describe = (filters: Uint32Array) =>
  [...filters].map((id) => ({ [DEFLATE]: 'deflate', [SHUFFLE]: 'shuffle', [LZ4]: 'LZ4', [BITSHUFFLE]: 'bitshuffle-LZ4' })[id]).join(' + ');

/**
 * Reads cutting at most this many bytes of chunks decode with the calling thread taking part and blocking until done
 * (a reader thread, a few milliseconds): the hand-overs to and from a libuv thread cost more than that decoding while
 * other processes hold the cores (a 256³ sagittal slice, 16 chunks: 9-80 ms against h5py's 6-7 ms, at load 8-9).
 */
const DECODE_NOW_BYTES = 8 << 20;

/** Slices past a slab's end that its read decoded anyway (the rest of the chunk layer it ended in), until the next read. */
interface LayerRest {
  z0: number;
  z1: number;
  voxels: Promise<VoxelArray>;
}

/**
 * A reader of boxes ([x, y, z], max excluded) that decodes the chunks they cut natively, or undefined where the
 * file's chunk index is not one hdf5ChunkIndex.ts reads, or a chunk was never written.
 */
export function nativeRegionReader({ fd, objectHeader, filters, dtype, dims, chunks, where, threads = availableParallelism(), decodeNowBytes = DECODE_NOW_BYTES }: NativeDataset): ((box: Box, into?: VoxelArray) => Promise<VoxelArray>) | undefined {
  const decoder = nativeDecoder();
  if (!decoder) return undefined;
  const index = indexOrNothing(fd, objectHeader, decoder);
  const grid = dims.map((extent, axis) => Math.ceil(extent / chunks[axis]!)) as Vec3;
  const slots = index && chunkGrid(index, chunks, grid, fstatSync(fd).size);
  if (!slots) return undefined;
  const elementSize = bytesPerVoxel(dtype);
  const shape = Float64Array.from(chunks);

  const sliceLength = dims[0] * dims[1];
  const chunkBytes = chunks[0] * chunks[1] * chunks[2] * elementSize;
  const fresh = (bytes: number, into?: VoxelArray) => (into?.byteLength === bytes && into.BYTES_PER_ELEMENT === elementSize ? into : voxelArray(dtype, new ArrayBuffer(bytes)));
  let kept: LayerRest | undefined;

  return async (box, into) => {
    const bytes = box.max.reduce((n, v, axis) => n * (v - box.min[axis]!), elementSize);
    const wholeSlices = box.min[0] === 0 && box.min[1] === 0 && box.max[0] === dims[0] && box.max[1] === dims[1];
    const rest = kept;
    if (wholeSlices && rest && box.min[2] >= rest.z0 && box.max[2] <= rest.z1) {
      if (box.max[2] === rest.z1) kept = undefined; // handed over in full
      const voxels = (await rest.voxels).subarray((box.min[2] - rest.z0) * sliceLength, (box.max[2] - rest.z0) * sliceLength);
      const region = fresh(bytes, into);
      region.set(voxels as never);
      return region;
    }
    kept = undefined;
    const region = fresh(bytes, into);
    // A slab ending inside a chunk layer decodes that layer's chunks whole: the rest of the layer is kept for the next slab.
    const layerEnd = Math.min(dims[2], Math.ceil(box.max[2] / chunks[2]) * chunks[2]);
    const restBox: Box | undefined = wholeSlices && layerEnd > box.max[2] && (layerEnd - box.max[2]) * sliceLength * elementSize <= bytes ? { min: [0, 0, box.max[2]], max: [dims[0], dims[1], layerEnd] } : undefined;
    const restVoxels = restBox && voxelArray(dtype, new ArrayBuffer((layerEnd - box.max[2]) * sliceLength * elementSize));
    const lo = box.min.map((v, axis) => Math.floor(v / chunks[axis]!));
    const hi = box.max.map((v, axis) => Math.ceil(v / chunks[axis]!));
    const cut: Vec3[] = [];
    for (let cz = lo[2]!; cz < hi[2]!; cz++) {
      for (let cy = lo[1]!; cy < hi[1]!; cy++) {
        for (let cx = lo[0]!; cx < hi[0]!; cx++) cut.push([cx, cy, cz]);
      }
    }
    const list = new Float64Array(cut.length * 6);
    cut.forEach((at, i) => {
      const { address, size, filterMask } = slots[at[0] + grid[0] * (at[1] + grid[1] * at[2])]!;
      list.set([address, size, filterMask, ...at.map((c, axis) => c * chunks[axis]!)], 6 * i);
    });
    const regionBox = Float64Array.of(...box.min, ...box.max);
    const reading = restBox
      ? decoder.readHdf5Chunks(fd, filters, elementSize, shape, list, region, regionBox, threads, restVoxels!, Float64Array.of(...restBox.min, ...restBox.max))
      : cut.length * chunkBytes <= decodeNowBytes
        ? Promise.resolve(decoder.readHdf5ChunksNow(fd, filters, elementSize, shape, list, region, regionBox, threads))
        : decoder.readHdf5Chunks(fd, filters, elementSize, shape, list, region, regionBox, threads);
    const decoded = reading.then((failed) => {
      if (!failed) return;
      const at = cut[failed.chunk]!;
      throw new VoxbenchError('CorruptFile', `${where}: chunk ${at.join('/')} (x/y/z, ${describe(filters)}) is damaged: ${failed.reason}.`);
    });
    if (restBox) {
      const rest: LayerRest = { z0: restBox.min[2], z1: restBox.max[2], voxels: decoded.then(() => restVoxels!) };
      kept = rest;
      rest.voxels.catch(() => (kept === rest ? (kept = undefined) : undefined));
    }
    await decoded;
    return region;
  };
}
