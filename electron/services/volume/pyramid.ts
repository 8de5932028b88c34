// The multiscale pyramid of a volume, built in one streamed pass: level 0 is copied from the source slab by
// slab, and each coarser level is the 2×2×2 mean (a label image: mode) of the level above, computed as that level's slices arrive.
// Memory holds a few slabs whatever the volume's size: the slab being cut, the one read ahead, the pieces
// waiting for zlib, and a slice per level.
import { rename, rm } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { writeAtomically } from '../io/writeScan.js';
import { type VolumeMeta, type VolumeSource, type VoxelArray, bytesPerVoxel, slabDepth, voxelArray } from './model.js';
import { extendRange, halveSlices } from './blockMean.js';
import { CHUNK_SIDE, type ChunkWriter, WriteQueue } from './chunkWriter.js';
import { type Compression, createOmeZarr, finishOmeZarr, type ImageLabel, publishedMeta } from './omeZarr.js';
import { type OmeZarrImage, openOmeZarr } from './omeZarrOpen.js';
import { BuildRecord, keptBefore, readLayer as readStagedLayer, restartSlices } from './pyramidResume.js';

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
  /** Kept across a failure or a kill (a publish's staged store): the next build of `store` goes on from the chunks
   * already whole, and tells `onChunkWritten` of them first. */
  resumable?: boolean;
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

/** Where the source is read from: slice `from` (a multiple of the slab depth), the range of the slices before it
 * known, each slab's range told to `onSlab` (a resumable build records it). */
interface StreamStart {
  from: number;
  range: Float64Array;
  onSlab?(z0: number, count: number, range: Float64Array): void;
}

/** Reads the source slab by slab, one read ahead, into the first stage; returns the value range. */
async function streamSource(source: VolumeSource, first: Stage, depth: number, { signal, onProgress }: BuildOptions, { from, range, onSlab }: StreamStart): Promise<[number, number]> {
  const { dims, name, dtype } = source.meta;
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
  let reading = read(from);
  for (let z0 = from; z0 < dims[2]; z0 += depth) {
    const count = Math.min(depth, dims[2] - z0);
    const slab = await reading!;
    if (slabs && slab.buffer !== slabs[(z0 / depth) % 2]!.buffer) slabs = undefined;
    stopIfAborted(signal, name);
    if (slab.length !== count * sliceLength) {
      throw new VoxbenchError('ShortRead', `${name}: slices ${z0} … ${z0 + count - 1} gave ${slab.length} voxels, not ${count * sliceLength}.`);
    }
    reading = read(z0 + depth); // a reader in a worker reads the next slab while this one is cut and halved
    const slabRange = Float64Array.of(Infinity, -Infinity);
    extendRange(slabRange, slab);
    onSlab?.(z0, count, slabRange);
    [range[0], range[1]] = [Math.min(range[0]!, slabRange[0]!), Math.max(range[1]!, slabRange[1]!)];
    await feed(first, slab, count);
    onProgress?.(z0 + count, dims[2]);
    stopIfAborted(signal, name);
  }
  await flushCarries(first);
  return range[0]! <= range[1]! ? [range[0]!, range[1]!] : [0, 0];
}

/** A build started again: the levels' first slices to write, and the kept layers' slices as a finer level's. */
interface Restart {
  starts: number[];
  readLayer(level: number, layer: number): Promise<VoxelArray>;
}

/**
 * Gives each coarser level the slices of its unfinished layer that come before the finer level's start, halved
 * from the finer level's kept layers, coarsest first (each level's slices then arrive in order), in the batches an
 * uninterrupted build feeds it (the chunks' deflate pieces, hence their bytes, come out the same).
 */
async function catchUp(stages: Stage[], depth: number, { starts, readLayer }: Restart): Promise<void> {
  for (let level = stages.length - 1; level >= 1; level--) {
    const above = stages[level - 1]!;
    const batch = Math.max(1, depth >> level);
    const [side, sliceLength] = [Math.min(CHUNK_SIDE, above.dims[2]), above.dims[0] * above.dims[1]];
    let layer: { index: number; slices: VoxelArray } | undefined;
    for (let z = starts[level]!; z < starts[level - 1]! / 2; z += batch) {
      const pairs: [VoxelArray, VoxelArray][] = [];
      for (let upper = 2 * z; upper < 2 * (z + batch); upper += 2) {
        const index = Math.floor(upper / side); // pairs never straddle a layer: sides are even
        if (layer?.index !== index) layer = { index, slices: await readLayer(level - 1, index) };
        const at = (upper - index * side) * sliceLength;
        pairs.push([layer.slices.subarray(at, at + sliceLength), layer.slices.subarray(at + sliceLength, at + 2 * sliceLength)]);
      }
      await feed(stages[level]!, halve(above, pairs), batch);
    }
  }
}

/** Writes every level into `partial` (a restart: from each level's start), then the OME metadata. */
async function writeLevels(source: VolumeSource, partial: string, levels: Vec3[], options: BuildOptions, start: StreamStart, restart?: Restart): Promise<void> {
  const { meta } = source;
  const depth = pyramidSlabDepth(meta, options.slabBytes);
  const queue = new WriteQueue();
  const { onChunkWritten } = options;
  const written = onChunkWritten && ((path: string, bytes: number) => onChunkWritten(relative(partial, path).split(sep).join('/'), bytes));
  const first = options.coarserOnly && levels.length > 1 ? 1 : 0;
  const writers = await createOmeZarr(partial, meta.dtype, levels, queue, options.compression, written, first, restart?.starts);
  const stages: Stage[] = levels.map((dims, level) => ({ writer: writers[level - first], dims, dtype: meta.dtype, mode: Boolean(options.labels) }));
  stages.forEach((stage, level) => (stage.next = stages[level + 1]));
  let range: [number, number];
  try {
    if (restart) await catchUp(stages, depth, restart);
    range = await streamSource(source, stages[0]!, depth, options, start);
    await queue.drain();
  } catch (error) {
    await queue.drain(false); // nothing may still be writing when the partial store is removed
    throw error;
  }
  if (!writers.every((writer) => writer.complete)) throw new VoxbenchError('InternalError', `${meta.name}: a pyramid level was left incomplete.`);
  await finishOmeZarr(partial, options.published ? publishedMeta({ ...meta, range }) : { ...meta, range }, levels, options.labels, first);
}

/** A resumable build: the partial store and its record stay after a failure or a kill, and the next build of the
 * same store goes on from them (pyramidResume.ts). */
async function buildResumably(source: VolumeSource, store: string, levels: Vec3[], options: BuildOptions): Promise<void> {
  const { meta } = source;
  const partial = `${store}.partial`;
  const shape = { dims: meta.dims, dtype: meta.dtype, depth: pyramidSlabDepth(meta, options.slabBytes), levels: levels.length, compression: options.compression ?? 'zlib', labels: Boolean(options.labels) };
  const { record, fresh } = await BuildRecord.open(`${store}.record`, shape);
  if (fresh) await rm(partial, { recursive: true, force: true }); // built by another build, or by none that recorded it
  const kept = await record.onDisk(partial);
  const starts = restartSlices(levels, kept);
  for (const [key, bytes] of keptBefore(levels, starts, kept)) options.onChunkWritten?.(key, bytes);
  const onChunkWritten = (key: string, bytes: number) => {
    record.chunk(key, bytes);
    options.onChunkWritten?.(key, bytes);
  };
  const readLayer = (level: number, layer: number) => readStagedLayer(partial, level, levels[level]!, meta.dtype, layer, shape.compression === 'zlib');
  const start = { from: starts[0]!, range: record.rangeBefore(starts[0]!), onSlab: record.slab.bind(record) };
  try {
    await writeLevels(source, partial, levels, { ...options, onChunkWritten }, start, { starts, readLayer });
    await record.flush();
    await rm(store, { recursive: true, force: true });
    await rename(partial, store);
  } catch (error) {
    await record.flush().catch(() => undefined); // what was whole before a cancel stays known
    throw error instanceof VoxbenchError ? error : new VoxbenchError('WriteFailed', `Writing ${basename(store)} failed: ${(error as Error).message}`);
  }
  await rm(`${store}.record`, { force: true });
}

/** Writes the pyramid of `source` as OME-Zarr at `store` (built under `store.partial`, renamed when complete). */
export async function buildPyramid(source: VolumeSource, store: string, options: BuildOptions = {}): Promise<OmeZarrImage> {
  const levels = pyramidLevels(source.meta.dims, options.coarsest);
  if (options.resumable && !options.coarserOnly) await buildResumably(source, store, levels, options);
  else {
    await writeAtomically(store, async (partial) => {
      await rm(partial, { recursive: true, force: true }); // what a crashed build left
      await writeLevels(source, partial, levels, options, { from: 0, range: Float64Array.of(Infinity, -Infinity) });
      await rm(store, { recursive: true, force: true }); // a stale pyramid in the way of the rename
    });
  }
  return openOmeZarr(store);
}
