// The thread that reads pyramid levels for the main thread (levelReader.ts is the other end): regions of an
// OME-Zarr image (a local pyramid, a store in place), fetched, decoded and copied here. Its imports are zarrita, the
// codecs and the stores only, so it starts in a fraction of the reader thread's time (an in-place Open waits for it).
import { serveRequests, Transfer } from '../../workers/serve.js';
import { chunkCacheWritten } from './chunkCache.js';
import type { Box, VoxelArray } from './model.js';
import { type OmeZarrDescription, type OmeZarrImage, openOmeZarr } from './omeZarrOpen.js';
import type { ZarrLocation } from './zarrStores.js';

export type LevelCalls = {
  /** A region of a level of an OME-Zarr image. */
  level: { request: { location: ZarrLocation; level: number; box: Box }; reply: VoxelArray };
  /** Opens an image's metadata for the level reads to come, and describes it (the main thread opens it no more). */
  levels: { request: { location: ZarrLocation }; reply: OmeZarrDescription };
  /** Waits for the chunk cache writes the level reads began (they follow the replies), before the thread ends. */
  settle: { request: null; reply: null };
};

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

serveRequests<LevelCalls>({
  level: async ({ location, level, box }) => owned(await (await imageAt(location)).readRegion(level, box)),
  levels: async ({ location }) => {
    const { meta, levels, firstLevel } = await imageAt(location);
    return { meta, levels, firstLevel };
  },
  settle: async () => {
    await chunkCacheWritten();
    return null;
  },
});
