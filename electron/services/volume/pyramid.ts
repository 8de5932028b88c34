// The multiscale pyramid of a volume, built in one streamed pass: level 0 is copied from the source slab by
// slab, and each coarser level is the 2×2×2 mean (a label image: mode) of the level above, computed as that level's slices arrive.
// Memory holds a few slabs whatever the volume's size: the slab being cut, the one read ahead, the pieces
// waiting for zlib, and a slice per level.
import { rm } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { writeAtomically } from '../io/writeScan.js';
import { type VolumeMeta, type VolumeSource, type VoxelArray, bytesPerVoxel, slabDepth, voxelArray } from './model.js';
import { extendRange, halveSlices } from './blockMean.js';
import { CHUNK_SIDE, type ChunkWriter, WriteQueue } from './chunkWriter.js';
import { type Compression, createOmeZarr, finishOmeZarr, type ImageLabel, publishedMeta } from './omeZarr.js';
import { type OmeZarrImage, openOmeZarr } from './omeZarrOpen.js';

export interface BuildOptions {
  /** Slices of level 0 done, of all. */
  onProgress?(done: number, total: number): void;
  /** Stops the build within one slab with an AbortError; nothing is left that could pass for a pyramid. */
  signal?: AbortSignal;
  /** The coarsest level's longest side is at most this (default 64: one chunk, so a first view is one read). */
  coarsest?: number;
  /** Chunk compression (default zlib). */
  compression?: Compression;
  /** Bytes a source read aims at (default 32 MiB). */
  slabBytes?: number;
  /** The store leaves this machine: its attributes keep no local path or DICOM patient fields. */
  published?: boolean;
  /** Leave level 0 out (a volume of more than one level): the local cache, whose volume reads its full resolution
   * from the scan itself, so the build writes an eighth of what a whole copy would. The store's level 0 is then the
   * volume's level 1 (`OmeZarrImage.firstLevel`). */
  coarserOnly?: boolean;
  /** A label image (NGFF `image-label`): coarser levels take each block's most frequent value, as a mean would
   * make values no segment has, and the attributes carry the segments' colours and names. */
  labels?: ImageLabel;
  /** Each chunk file once complete, by its key in the store ('0/3/1/2'): it will not change again. */
  onChunkWritten?(key: string, bytes: number): void;
}

/** Level sizes [x, y, z]: each level halves the one above (odd sides round up) until all sides ≤ `coarsest`. */
export function pyramidLevels(dims: Vec3, coarsest = CHUNK_SIDE): Vec3[] {
  const levels = [dims];
  while (Math.max(...levels.at(-1)!) > Math.max(1, coarsest)) levels.push(levels.at(-1)!.map((side) => Math.ceil(side / 2)) as Vec3);
  return levels;
}

/** Slices per source read: a power of two from 2 to the chunk side, so reads never straddle a chunk layer. */
export function pyramidSlabDepth(meta: Pick<VolumeMeta, 'dims' | 'dtype'>, slabBytes = 32 << 20): number {
  const fits = Math.min(slabDepth(meta, slabBytes), CHUNK_SIDE);
  return Math.max(2, 2 ** Math.floor(Math.log2(fits)));
}

/**
 * One slice of the next level from two slices (or the last one of an odd count) of this level: the most
 * frequent value of each 2×2×2 block, of the voxels that exist at odd edges; a tie goes to the smallest value
 * (as scipy.stats.mode). The result is always a value of the block, so label values stay valid.
 */
function modeOfSlices(upper: VoxelArray, lower: VoxelArray | undefined, [width, height]: Vec3, out: VoxelArray): void {
  const outWidth = (width + 1) >> 1;
  const outHeight = (height + 1) >> 1;
  const slices = lower ? [upper, lower] : [upper];
  const block = new Float64Array(8);
  for (let y = 0; y < outHeight; y++) {
    const rows = 2 * y + 1 < height ? 2 : 1;
    for (let x = 0; x < outWidth; x++) {
      const columns = 2 * x + 1 < width ? 2 : 1;
      let count = 0;
      let uniform = true;
      for (const slice of slices) {
        for (let row = 0; row < rows; row++) {
          const from = (2 * y + row) * width + 2 * x;
          for (let column = 0; column < columns; column++) {
            const value = slice[from + column]!;
            uniform &&= count === 0 || value === block[0];
            block[count++] = value;
          }
        }
      }
      out[y * outWidth + x] = uniform ? block[0]! : modeOf(block, count); // most blocks of a labelmap hold one value
    }
  }
}

/** The most frequent of the first `count` values, the smallest of those tied. */
function modeOf(values: Float64Array, count: number): number {
  let best = values[0]!;
  let bestVotes = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    let votes = 0;
    for (let j = 0; j < count; j++) if (values[j] === value) votes++;
    if (votes > bestVotes || (votes === bestVotes && value < best)) [best, bestVotes] = [value, votes];
  }
  return best;
}

/** A level being written: its chunk writer, the odd slice waiting for its pair, and the level below. */
interface Stage {
  /** None for a level left out of the store (level 0 of a cache): it is only halved. */
  writer?: ChunkWriter;
  dims: Vec3;
  dtype: Dtype;
  carry?: VoxelArray;
  /** Label images keep a value of each block (mode) rather than their mean. */
  mode: boolean;
  /** The slices halved for the next level, reused: the next level is done with them once its feed returns. */
  halved?: VoxelArray;
  next?: Stage;
}

function halve(stage: Stage, pairs: [VoxelArray, VoxelArray | undefined][]): VoxelArray {
  const next = stage.next!;
  const sliceLength = next.dims[0] * next.dims[1];
  if ((stage.halved?.length ?? 0) < pairs.length * sliceLength) stage.halved = voxelArray(stage.dtype, new ArrayBuffer(pairs.length * sliceLength * bytesPerVoxel(stage.dtype)));
  const out = stage.halved!.subarray(0, pairs.length * sliceLength);
  pairs.forEach(([upper, lower], i) => {
    const slice = out.subarray(i * sliceLength, (i + 1) * sliceLength);
    if (stage.mode) modeOfSlices(upper, lower, stage.dims, slice);
    else halveSlices(upper, lower, stage.dims[0], stage.dims[1], slice);
  });
  return out;
}

/** Writes `count` slices to a stage and passes their halves down the levels. */
async function feed(stage: Stage, slices: VoxelArray, count: number): Promise<void> {
  await stage.writer?.write(slices, count);
  if (!stage.next) return;
  const sliceLength = stage.dims[0] * stage.dims[1];
  const waiting = stage.carry ? [stage.carry] : [];
  for (let z = 0; z < count; z++) waiting.push(slices.subarray(z * sliceLength, (z + 1) * sliceLength));
  stage.carry = waiting.length % 2 ? waiting.at(-1)!.slice() : undefined;
  const pairs: [VoxelArray, VoxelArray][] = [];
  for (let z = 0; z + 1 < waiting.length; z += 2) pairs.push([waiting[z]!, waiting[z + 1]!]);
  if (pairs.length) await feed(stage.next, halve(stage, pairs), pairs.length);
}

/** At the end, an odd last slice makes a slice of the next level alone. */
async function flushCarries(stage: Stage): Promise<void> {
  if (stage.carry && stage.next) await feed(stage.next, halve(stage, [[stage.carry, undefined]]), 1);
  stage.carry = undefined;
  if (stage.next) await flushCarries(stage.next);
}

function stopIfAborted(signal: AbortSignal | undefined, name: string): void {
  if (signal?.aborted) throw new VoxbenchError('AbortError', `Building the pyramid of ${name} was cancelled.`);
}

/** Reads the source slab by slab, one read ahead, into the first stage; returns the value range. */
async function streamSource(source: VolumeSource, first: Stage, depth: number, { signal, onProgress }: BuildOptions): Promise<[number, number]> {
  const { dims, name, dtype } = source.meta;
  const range = Float64Array.of(Infinity, -Infinity);
  const sliceLength = dims[0] * dims[1];
  // Two slabs taken in turn: one is cut while the next is read into the other. Dropped if the source fills neither.
  let slabs: VoxelArray[] | undefined = [];
  const read = (z0: number) => {
    if (z0 >= dims[2]) return undefined;
    const count = Math.min(depth, dims[2] - z0);
    const into = slabs && (slabs[(z0 / depth) % 2] ??= voxelArray(dtype, new ArrayBuffer(depth * sliceLength * bytesPerVoxel(dtype)))).subarray(0, count * sliceLength);
    const next = source.readSlab(z0, count, into);
    next.catch(() => {}); // awaited in its turn; a build stopped before then must not leave it unhandled
    return next;
  };
  let reading = read(0);
  for (let z0 = 0; z0 < dims[2]; z0 += depth) {
    const count = Math.min(depth, dims[2] - z0);
    const slab = await reading!;
    if (slabs && slab.buffer !== slabs[(z0 / depth) % 2]!.buffer) slabs = undefined;
    stopIfAborted(signal, name);
    if (slab.length !== count * sliceLength) {
      throw new VoxbenchError('ShortRead', `${name}: slices ${z0} … ${z0 + count - 1} gave ${slab.length} voxels, not ${count * sliceLength}.`);
    }
    reading = read(z0 + depth); // a reader in a worker reads the next slab while this one is cut and halved
    extendRange(range, slab);
    await feed(first, slab, count);
    onProgress?.(z0 + count, dims[2]);
    stopIfAborted(signal, name);
  }
  await flushCarries(first);
  return range[0]! <= range[1]! ? [range[0]!, range[1]!] : [0, 0];
}

/** Writes the pyramid of `source` as OME-Zarr at `store` (built under `store.partial`, renamed when complete). */
export async function buildPyramid(source: VolumeSource, store: string, options: BuildOptions = {}): Promise<OmeZarrImage> {
  const { meta } = source;
  const levels = pyramidLevels(meta.dims, options.coarsest);
  const depth = pyramidSlabDepth(meta, options.slabBytes);
  await writeAtomically(store, async (partial) => {
    await rm(partial, { recursive: true, force: true }); // what a crashed build left
    const queue = new WriteQueue();
    const { onChunkWritten } = options;
    const written = onChunkWritten && ((path: string, bytes: number) => onChunkWritten(relative(partial, path).split(sep).join('/'), bytes));
    const first = options.coarserOnly && levels.length > 1 ? 1 : 0;
    const writers = await createOmeZarr(partial, meta.dtype, levels, queue, options.compression, written, first);
    const stages: Stage[] = levels.map((dims, level) => ({ writer: writers[level - first], dims, dtype: meta.dtype, mode: Boolean(options.labels) }));
    stages.forEach((stage, level) => (stage.next = stages[level + 1]));
    let range: [number, number];
    try {
      range = await streamSource(source, stages[0]!, depth, options);
      await queue.drain();
    } catch (error) {
      await queue.drain(false); // nothing may still be writing when the partial store is removed
      throw error;
    }
    if (!writers.every((writer) => writer.complete)) throw new VoxbenchError('InternalError', `${meta.name}: a pyramid level was left incomplete.`);
    await finishOmeZarr(partial, options.published ? publishedMeta({ ...meta, range }) : { ...meta, range }, levels, options.labels, first);
    await rm(store, { recursive: true, force: true }); // a stale pyramid in the way of the rename
  });
  return openOmeZarr(store);
}
