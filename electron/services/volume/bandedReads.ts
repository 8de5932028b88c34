// Slabs of a scan decoded by several reader threads at once, each on its own band of the slab: bands of chunk rows
// along y for a chunked scan, runs of slices along z for one whose slices are compressed one by one (DICOM frames,
// TIFF pages). Bands are disjoint, so nothing is decoded twice. The pyramid build uses helpers only (its thread cuts
// and halves one slab while they decode the next); the whole-volume read at open decodes a band in its own thread too.
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { WorkerClient } from '../../workers/client.js';
import type { OpenOptions } from '../io/reader.js';
import type { Vec3 } from '../../common/contract.js';
import { copyOverlap } from './decodedChunks.js';
import { bytesPerVoxel, readRegion, voxelArray, type Box, type VolumeMeta, type VolumeSource, type VoxelArray } from './model.js';
import type { ReaderCalls } from './readerWorker.js';

/** Decoding threads: one per core but the builder's own, at least one, at most eight. */
export const decoderThreads = (): number => Math.max(1, Math.min(8, availableParallelism() - 1));

/** The [start, end) ranges of at most `bands` runs of whole `step`-long steps covering [0, length). */
export function bandRanges(length: number, step: number, bands: number): [number, number][] {
  const steps = Math.ceil(length / step);
  const perBand = Math.ceil(steps / Math.max(1, Math.min(bands, steps)));
  const out: [number, number][] = [];
  for (let at = 0; at < steps; at += perBand) out.push([at * step, Math.min(length, (at + perBand) * step)]);
  return out;
}

/** The boxes slab [z0, z0 + count) is cut into for `bands` decoders: whole chunk rows, else whole slices. */
export function slabBands({ meta: { dims }, chunks }: Pick<VolumeSource, 'meta' | 'chunks'>, z0: number, count: number, bands: number): Box[] {
  if (chunks) return bandRanges(dims[1], chunks[1], bands).map(([y0, y1]) => ({ min: [0, y0, z0], max: [dims[0], y1, z0 + count] }));
  return bandRanges(count, 1, bands).map(([k0, k1]) => ({ min: [0, 0, z0 + k0], max: [dims[0], dims[1], z0 + k1] }));
}

/**
 * Bytes of a pyramid slab one chunk row deep, so each chunk is decoded once (a slab thinner than the chunks decodes
 * them once per slab), at most 256 MiB (the build holds two slabs: one cut, one read ahead); the default without chunks.
 */
export function chunkRowSlabBytes({ dims, dtype }: Pick<VolumeMeta, 'dims' | 'dtype'>, chunks: Vec3 | undefined): number | undefined {
  return chunks && Math.min(256 << 20, dims[0] * dims[1] * chunks[2] * bytesPerVoxel(dtype));
}

export interface Banding {
  /** Helper threads (each opens the scan once, on its first band). */
  helpers?: number;
  /** The calling thread decodes the first band itself: it would otherwise only wait. */
  ownBand?: boolean;
  /** Aborting it stops every helper at once: a slab being read fails as Cancelled. */
  signal?: AbortSignal;
}

/** Pieces a slab is cut into per decoder: a decoder that starts late (a thread booting) or runs slow takes fewer. */
const PIECES_PER_DECODER = 8;
/**
 * With its own band, the calling thread decodes this long alone before helpers start: a helper's boot costs about a
 * second of CPU on a busy 2-core machine, more than the whole decode of a small scan (a 256³ deflate TIFF: 0.4 s).
 */
const HELPERS_AFTER_MS = 400;

/**
 * `source` (opened from `path` in this thread) with its slab reads spread over reader threads; close() stops them. A
 * source that decodes on native threads of its own is returned as it is.
 * The decoders take the slab's pieces from one queue, each helper once it listens, so a slab never waits for a boot.
 */
export function bandedSource(source: VolumeSource, path: string, options: OpenOptions, { helpers: asked = decoderThreads(), ownBand = false, signal }: Banding = {}): VolumeSource {
  if ((!source.chunks && !source.compressedSlices) || source.decodesOnThreads) return source;
  const helpers = ownBand ? asked : Math.max(1, asked); // someone must decode
  const { dims, dtype } = source.meta;
  // This thread reads a run of whole slices straight into its place in the slab (where the reader fills one).
  const isWholeSlices = ({ min, max }: Box) => min[0] === 0 && min[1] === 0 && max[0] === dims[0] && max[1] === dims[1];
  let threads: WorkerClient<ReaderCalls>[] | undefined;
  const started = () => (threads ??= Array.from({ length: helpers }, () => new WorkerClient<ReaderCalls>('readerWorker', { name: `A decoder of ${basename(path)}`, cancel: 'message' })));
  let stopped = false;
  const stop = async () => {
    stopped = true;
    await Promise.all((threads ?? []).map((thread) => thread.close()));
  };
  signal?.addEventListener('abort', () => void stop(), { once: true });
  return {
    ...source,
    async readSlab(z0, count, into) {
      if (stopped) throw new VoxbenchError('Cancelled', `The decoders of ${basename(path)} were stopped.`);
      const slabBox: Box = { min: [0, 0, z0], max: [dims[0], dims[1], z0 + count] };
      const pieces = slabBands(source, z0, count, PIECES_PER_DECODER * (helpers + (ownBand ? 1 : 0)));
      const sliceLength = dims[0] * dims[1];
      const voxels = sliceLength * count;
      const slab = into?.length === voxels ? into : voxelArray(dtype, new ArrayBuffer(voxels * bytesPerVoxel(dtype)));
      let next = 0;
      let copied = 0;
      let failed = false;
      await new Promise<void>((resolve, reject) => {
        const fail = (error: unknown) => {
          failed = true; // the other decoders take no more pieces
          reject(error);
        };
        const decodeWith = async (decode: (box: Box) => Promise<VoxelArray>) => {
          for (let box = pieces[next++]; box && !failed; box = pieces[next++]) {
            const voxels = await decode(box);
            if (voxels.buffer !== slab.buffer) copyOverlap(voxels, box, slab, slabBox); // else read in place
            if (++copied === pieces.length) resolve();
          }
        };
        const enlistHelpers = () => {
          for (const thread of started()) void thread.ready.then(() => decodeWith((box) => thread.request('band', { path, options, box }))).catch(fail);
        };
        if (ownBand) {
          const later = threads ? undefined : setTimeout(() => !failed && !stopped && copied < pieces.length && enlistHelpers(), HELPERS_AFTER_MS);
          decodeWith((box) => (isWholeSlices(box) ? source.readSlab(box.min[2], box.max[2] - box.min[2], slab.subarray((box.min[2] - z0) * sliceLength, (box.max[2] - z0) * sliceLength)) : readRegion(source, box)))
            .catch(fail)
            .finally(() => clearTimeout(later));
        }
        if (!ownBand || threads) enlistHelpers();
      });
      return slab;
    },
    async close() {
      await stop();
      await source.close();
    },
  };
}
