// Slabs of a chunked scan decoded by several reader threads at once, each on its own band of chunk rows along y
// (disjoint chunks, so nothing is decoded twice), for the pyramid build: its thread cuts and halves one slab while
// the helpers decode the next.
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { WorkerClient } from '../../workers/client.js';
import { WorkerPool } from '../../workers/pool.js';
import type { OpenOptions } from '../io/reader.js';
import type { Vec3 } from '../../common/contract.js';
import { bytesPerVoxel, voxelArray, type VolumeMeta, type VolumeSource } from './model.js';
import type { ReaderCalls } from './readerWorker.js';

/** Decoding threads: one per core but the builder's own, at least one, at most eight. */
export const decoderThreads = (): number => Math.max(1, Math.min(8, availableParallelism() - 1));

/** The y ranges of `bands` bands of whole chunk rows covering [0, height). */
export function chunkRowBands(height: number, chunkRows: number, bands: number): [number, number][] {
  const rows = Math.ceil(height / chunkRows);
  const perBand = Math.ceil(rows / Math.max(1, Math.min(bands, rows)));
  const out: [number, number][] = [];
  for (let row = 0; row < rows; row += perBand) out.push([row * chunkRows, Math.min(height, (row + perBand) * chunkRows)]);
  return out;
}

/**
 * Bytes of a pyramid slab one chunk row deep, so each chunk is decoded once (a slab thinner than the chunks decodes
 * them once per slab), at most 256 MiB (the build holds two slabs: one cut, one read ahead); the default without chunks.
 */
export function chunkRowSlabBytes({ dims, dtype }: Pick<VolumeMeta, 'dims' | 'dtype'>, chunks: Vec3 | undefined): number | undefined {
  return chunks && Math.min(256 << 20, dims[0] * dims[1] * chunks[2] * bytesPerVoxel(dtype));
}

/** `source` (opened from `path` in this thread) with its slab reads spread over `threads` reader threads; close() stops them. */
export function bandedSource(source: VolumeSource, path: string, options: OpenOptions, threads = decoderThreads()): VolumeSource {
  if (!source.chunks) return source;
  const { dims, dtype } = source.meta;
  const pool = new WorkerPool(() => new WorkerClient<ReaderCalls>('readerWorker', { name: `A decoder of ${basename(path)}`, cancel: 'message' }), threads);
  const bands = chunkRowBands(dims[1], source.chunks[1], threads);
  return {
    ...source,
    async readSlab(z0, count) {
      const readBand = (y0: number, y1: number) => pool.request('band', { path, options, box: { min: [0, y0, z0], max: [dims[0], y1, z0 + count] } });
      if (bands.length === 1) return readBand(0, dims[1]); // one decoder: its band is the slab
      const slab = voxelArray(dtype, new ArrayBuffer(dims[0] * dims[1] * count * bytesPerVoxel(dtype)));
      await Promise.all(
        bands.map(async ([y0, y1]) => {
          const band = await readBand(y0, y1);
          const bandSlice = dims[0] * (y1 - y0);
          // A band of one slice is contiguous in the slab's slice.
          for (let z = 0; z < count; z++) slab.set(band.subarray(z * bandSlice, (z + 1) * bandSlice), (z * dims[1] + y0) * dims[0]);
        }),
      );
      return slab;
    },
    async close() {
      await pool.close();
      await source.close();
    },
  };
}
