// A worker thread that owns one open scan: decoding (h5wasm, inflate, DICOM codecs) and statistics run here,
// never on the Electron main thread or the web host's event loop. workerSource.ts is the other end.
import { VoxbenchError } from '../../common/errors.js';
import { serveRequests, Transfer } from '../../workers/serve.js';
import { loadH5 } from '../io/hdf5.js';
import { openScan } from '../io/registry.js';
import type { OpenOptions } from '../io/reader.js';
import type { Vec3 } from '../../common/contract.js';
import { bandedSource, chunkRowSlabBytes } from './bandedReads.js';
import { pyramidCache } from './cache.js';
import { refuseDicom } from '../deidentify/publishCheck.js';
import { decodedChunkBudget, withDecodedChunks } from './decodedChunks.js';
import { bytesPerVoxel, memorySource, readRegion, type Box, type ValueStats, type VolumeMeta, type VolumeSource, type VoxelArray } from './model.js';
import { buildPyramid } from './pyramid.js';
import { rangeAtOpen, servingKept, valueRange, type KeptSlabs } from './readAtOpen.js';
import { centreSlicePreview, type Preview } from './preview.js';
import { describeLocation } from './zarrStores.js';

/** Where pyramids are cached, and from what size (bytes of voxels) a volume gets one. */
export interface PyramidPolicy {
  cacheDir: string;
  largeBytes: number;
}

export interface Opened {
  meta: VolumeMeta;
  /** The scan's storage chunks: the caller's slabs then hold whole chunk layers, as the ones read at open. */
  chunks?: Vec3;
  stats: ValueStats;
  /** The cached multiscale pyramid of a large volume. */
  pyramid?: { dir: string };
  /** A large volume without a cached pyramid: `stats` are its centre slice's, the pyramid is built apart (`pyramid` call). */
  building?: boolean;
}

export type OpenProgress = { done: number; total: number; what: 'range' | 'pyramid' };
/** A publish's build: how far it got, or a chunk file now complete under `${store}.partial` (uploaded while the build goes on). */
export type PublishProgress = OpenProgress | { chunk: string; bytes: number };

export type ReaderCalls = {
  /** Opening reads every slice once (for the value range) unless the volume is large: progress says how far it got. */
  open: { request: { path: string; options: OpenOptions; pyramids?: PyramidPolicy }; reply: Opened; progress: OpenProgress };
  /** Builds (or finds) the cached pyramid of a scan, in a worker of its own so the volume's reader stays free for slices. */
  pyramid: { request: { path: string; options: OpenOptions; cacheDir: string }; reply: { dir: string; range: [number, number] }; progress: OpenProgress };
  /** Writes a scan's multiscale pyramid as an OME-Zarr store at `store` (zlib chunks, for the network): a sync publish.
   * Resumable: a build killed midway goes on from the chunks it left whole, which are reported first. */
  writeOmeZarr: { request: { path: string; store: string }; reply: { range: [number, number] }; progress: PublishProgress };
  read: { request: { z0: number; count: number }; reply: VoxelArray };
  region: { request: { box: Box }; reply: VoxelArray };
  close: { request: null; reply: null };
  /** A box of a scan this thread opens on first use and keeps open: a pyramid builder's decoding helper (bandedReads.ts). */
  band: { request: { path: string; options: OpenOptions; box: Box }; reply: VoxelArray };
  /** Loads the decoders ahead of the first open (a spare thread, readerThreads.ts). */
  warm: { request: null; reply: null };
  /** The Open dialog's preview of a scan (opened and closed for it). */
  preview: { request: { path: string; size: number }; reply: Preview };
};

let source: VolumeSource | undefined;
/** A reader whose decoder crashed (a wasm abort) cannot read on: every later request gets the same error. */
let crashed: VoxbenchError | undefined;

async function reading<T>(read: () => Promise<T>): Promise<T> {
  if (crashed) throw crashed;
  try {
    return await read();
  } catch (error) {
    if (error instanceof VoxbenchError && error.kind === 'ReaderCrashed') crashed = error;
    throw error;
  }
}

/** Large volumes show slices straight from the file: their pyramid comes from the cache, or is built apart. */
async function pyramidOf(path: string, options: OpenOptions, opened: VolumeSource, policy: PyramidPolicy) {
  const { dims, dtype } = opened.meta;
  if (dims[0] * dims[1] * dims[2] * bytesPerVoxel(dtype) <= policy.largeBytes) return undefined;
  const cache = pyramidCache(policy.cacheDir);
  const cached = await cache.get(await cache.key(path, options));
  return cached ? { dir: describeLocation(cached.location), range: cached.meta.range } : { building: true as const };
}

/** The scans this thread reads bands of, by path and options. */
const bandSources = new Map<string, Promise<VolumeSource>>();

function bandSource(path: string, options: OpenOptions): Promise<VolumeSource> {
  const key = JSON.stringify([path, options]);
  let opened = bandSources.get(key);
  if (!opened) {
    opened = openScan(path, options);
    bandSources.set(key, opened);
    opened.catch(() => bandSources.delete(key));
  }
  return opened;
}

/** The centre slices read at open, by box: the slice views ask for them first, and each is handed over once. */
const centreSlices = new Map<string, Promise<VoxelArray>>();
const boxKey = ({ min, max }: Box) => `${min}/${max}`;

/** The slice at the centre of axis `axis` (0: x, 1: y, 2: z), across the whole volume. */
function centreBox(dims: Vec3, axis: number): Box {
  const min: Vec3 = [0, 0, 0];
  const max = [...dims] as Vec3;
  min[axis] = Math.floor(dims[axis]! / 2);
  max[axis] = min[axis] + 1;
  return { min, max };
}

/** Reads a centre slice now and keeps it for the slice view that asks for it (a failure reaches that request). */
function readCentreSlice(scan: VolumeSource, axis: number): Promise<VoxelArray> {
  const box = centreBox(scan.meta.dims, axis);
  const voxels = readRegion(scan, box);
  voxels.catch(() => undefined); // nobody may ask: no unhandled rejection
  centreSlices.set(boxKey(box), voxels);
  return voxels;
}

/**
 * A first window for a volume whose range is not known yet: the finite values of its centre slice along z. The
 * centre slices along y and x are read after it, ahead of the views' requests (the open answers without them).
 * `scan` is read as it is, not through the decoded-chunk cache, which would decode their chunks again one by one
 * while the page loads (1.6 s of CPU for bitshuffle-LZ4, 2.8 s for gzip, on 4 GiB); the views' next reads fill it.
 */
async function centreSliceStats(scan: VolumeSource): Promise<ValueStats> {
  const { dims } = scan.meta;
  const voxels = await readCentreSlice(scan, 2);
  for (const axis of [1, 0]) void readCentreSlice(scan, axis);
  return valueRange(memorySource({ ...scan.meta, dims: [dims[0], dims[1], 1] }, voxels));
}

/** A box's voxels; a centre slice read at open is handed over instead of decoded again. */
async function regionOf(box: Box): Promise<VoxelArray> {
  const kept = centreSlices.get(boxKey(box));
  if (!kept) return readRegion(source!, box);
  centreSlices.delete(boxKey(box)); // its buffer travels to the caller
  return kept;
}

/** Hands the buffer over without a copy when the array owns all of it. */
const owned = (voxels: VoxelArray) => new Transfer(voxels, voxels.byteOffset === 0 && voxels.byteLength === voxels.buffer.byteLength ? [voxels.buffer as ArrayBuffer] : []);

serveRequests<ReaderCalls>({
  open: ({ path, options, pyramids }, { progress }) =>
    reading(async () => {
      const scan = await openScan(path, options);
      const opened = (source = withDecodedChunks(scan, decodedChunkBudget()));
      const { meta, chunks } = opened;
      const pyramid = pyramids && (await pyramidOf(path, options, opened, pyramids));
      if (pyramid && 'building' in pyramid) return { meta, chunks, stats: await centreSliceStats(scan), building: true };
      if (pyramid) return { meta, chunks, stats: { min: pyramid.range[0], max: pyramid.range[1], mean: NaN }, pyramid: { dir: pyramid.dir } };
      // Under the pyramid size (a policy given): the slabs read for the range are kept for the renderer's fetch.
      const kept: KeptSlabs | undefined = pyramids && new Map();
      const stats = await rangeAtOpen(scan, path, options, { kept, onProgress: (slices) => progress({ done: slices, total: meta.dims[2], what: 'range' }) });
      if (kept) source = servingKept(opened, kept);
      return { meta, chunks, stats };
    }),
  pyramid: async ({ path, options, cacheDir }, { progress, signal }) => {
    const scan = bandedSource(await openScan(path, options), path, options, { signal });
    try {
      const cache = pyramidCache(cacheDir);
      const key = await cache.key(path, options);
      const onProgress = (done: number, total: number) => progress({ done, total, what: 'pyramid' });
      const image = (await cache.get(key)) ?? (await cache.build(scan, key, { onProgress, signal, slabBytes: chunkRowSlabBytes(scan.meta, scan.chunks) }));
      return { dir: describeLocation(image.location), range: image.meta.range };
    } finally {
      await scan.close();
    }
  },
  writeOmeZarr: async ({ path, store }, { progress, signal }) => {
    const scan = await openScan(path);
    try {
      refuseDicom(scan.meta); // nothing identifiable leaves for the data centre
      const onChunkWritten = (chunk: string, bytes: number) => progress({ chunk, bytes });
      const image = await buildPyramid(scan, store, { compression: 'zlib', published: true, resumable: true, signal, onChunkWritten, onProgress: (done, total) => progress({ done, total, what: 'pyramid' }) });
      return { range: image.meta.range };
    } finally {
      await scan.close();
    }
  },
  read: ({ z0, count }) => reading(async () => owned(await source!.readSlab(z0, count))),
  region: ({ box }) => reading(async () => owned(await regionOf(box))),
  close: async () => {
    await source?.close();
    return null;
  },
  band: ({ path, options, box }) => reading(async () => owned(await readRegion(await bandSource(path, options), box))),
  warm: async () => {
    await loadH5();
    return null;
  },
  preview: async ({ path, size }) => {
    const scan = await openScan(path);
    try {
      const preview = await centreSlicePreview(scan, size);
      return new Transfer(preview, [preview.grey.buffer as ArrayBuffer]);
    } finally {
      await scan.close();
    }
  },
});
