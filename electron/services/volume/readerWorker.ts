// A worker thread that owns one open scan: decoding (h5wasm, inflate, DICOM codecs) and statistics run here,
// never on the Electron main thread or the web host's event loop. workerSource.ts is the other end. The same
// entry also serves the main thread's pyramid level reads (levelReader.ts).
import { VoxbenchError } from '../../common/errors.js';
import { serveRequests, Transfer } from '../../workers/serve.js';
import { openScan } from '../io/registry.js';
import type { OpenOptions } from '../io/reader.js';
import { pyramidCache } from './cache.js';
import { bytesPerVoxel, readRegion, valueStats, type Box, type ValueStats, type VolumeMeta, type VolumeSource, type VoxelArray } from './model.js';
import { type OmeZarrImage, openOmeZarr } from './omeZarrOpen.js';
import { describeLocation, type ZarrLocation } from './zarrStores.js';

/** Where pyramids are cached, and from what size (bytes of voxels) a volume gets one. */
export interface PyramidPolicy {
  cacheDir: string;
  largeBytes: number;
}

export interface Opened {
  meta: VolumeMeta;
  stats: ValueStats;
  /** The cached multiscale pyramid of a large volume, and whether it was already there. */
  pyramid?: { dir: string; cached: boolean };
}

export type OpenProgress = { done: number; total: number; what: 'range' | 'pyramid' };

export type ReaderCalls = {
  /** Opening reads every slice once (for the value range), or builds the pyramid: progress says how far it got. */
  open: { request: { path: string; options: OpenOptions; pyramids?: PyramidPolicy }; reply: Opened; progress: OpenProgress };
  read: { request: { z0: number; count: number }; reply: VoxelArray };
  region: { request: { box: Box }; reply: VoxelArray };
  close: { request: null; reply: null };
  /** A region of a level of an OME-Zarr image (a pyramid, a store in place), for the main thread. */
  level: { request: { location: ZarrLocation; level: number; box: Box }; reply: VoxelArray };
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

/** Large volumes get a multiscale pyramid, from the cache or built now (that pass also finds the value range). */
async function pyramidOf(path: string, options: OpenOptions, opened: VolumeSource, policy: PyramidPolicy, onProgress: (done: number, total: number) => void) {
  const { dims, dtype } = opened.meta;
  if (dims[0] * dims[1] * dims[2] * bytesPerVoxel(dtype) <= policy.largeBytes) return undefined;
  const cache = pyramidCache(policy.cacheDir);
  const key = await cache.key(path, options);
  const cached = await cache.get(key);
  const image = cached ?? (await cache.build(opened, key, { onProgress }));
  return { dir: describeLocation(image.location), range: image.meta.range, cached: Boolean(cached) };
}

/** The images the level reads have opened, by location; a failed open is forgotten so a retry opens again. */
const images = new Map<string, Promise<OmeZarrImage>>();

function imageAt(location: ZarrLocation): Promise<OmeZarrImage> {
  const key = JSON.stringify(location);
  let image = images.get(key);
  if (!image) {
    image = openOmeZarr(location);
    images.set(key, image);
    image.catch(() => images.delete(key));
  }
  return image;
}

/** Hands the buffer over without a copy when the array owns all of it. */
const owned = (voxels: VoxelArray) => new Transfer(voxels, voxels.byteOffset === 0 && voxels.byteLength === voxels.buffer.byteLength ? [voxels.buffer as ArrayBuffer] : []);

serveRequests<ReaderCalls>({
  open: ({ path, options, pyramids }, { progress }) =>
    reading(async () => {
      const opened = (source = await openScan(path, options));
      const pyramid = pyramids && (await pyramidOf(path, options, opened, pyramids, (done, total) => progress({ done, total, what: 'pyramid' })));
      const stats = pyramid ? { min: pyramid.range[0], max: pyramid.range[1], mean: NaN } : await valueStats(opened, (slices) => progress({ done: slices, total: opened.meta.dims[2], what: 'range' }));
      return { meta: opened.meta, stats, pyramid: pyramid && { dir: pyramid.dir, cached: pyramid.cached } };
    }),
  read: ({ z0, count }) => reading(async () => owned(await source!.readSlab(z0, count))),
  region: ({ box }) => reading(async () => owned(await readRegion(source!, box))),
  close: async () => {
    await source?.close();
    return null;
  },
  level: async ({ location, level, box }) => owned(await (await imageAt(location)).readRegion(level, box)),
});
