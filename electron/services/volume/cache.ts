// Pyramids cached on disk under a key of the scan's content (contentIdentity.ts), so a second open of an unchanged
// scan, or of a copy of it elsewhere (an upload), finds its pyramid, and a changed one misses.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { OpenOptions } from '../io/reader.js';
import { contentIdentity } from './contentIdentity.js';
import type { VolumeSource } from './model.js';
import { LAYOUT_VERSION } from './omeZarr.js';
import { type OmeZarrImage, openOmeZarr } from './omeZarrOpen.js';
import { type BuildOptions, buildPyramid } from './pyramid.js';

export interface PyramidCache {
  /** sha256 of the scan's content identity and the image chosen in it; a folder's covers every file in it by name. */
  key(path: string, options?: OpenOptions): Promise<string>;
  /** The complete pyramid cached under `key`, or undefined. */
  get(key: string): Promise<OmeZarrImage | undefined>;
  /** Builds the pyramid under `key`; a build of the same key already running is shared, not repeated. */
  build(source: VolumeSource, key: string, options?: BuildOptions): Promise<OmeZarrImage>;
}

/**
 * The cache is ours and local: the coarser levels only (the volume reads its full resolution from the scan), in raw
 * chunks. zlib level 1 made the build 3× slower here (14 vs 40 MB/s for
 * 768×768×512 uint16 on 2 busy cores, test/bench/pyramid-memory.ts) to save ~10 % of a noisy tomogram's disk.
 */
const CACHE_COMPRESSION = 'none';

function checkedKey(key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new VoxbenchError('BadCacheKey', `"${key}" is not a pyramid cache key.`);
  return key;
}

export function pyramidCache(cacheDir: string): PyramidCache {
  const building = new Map<string, Promise<OmeZarrImage>>();
  const storeOf = (key: string) => join(cacheDir, `${checkedKey(key)}.ome.zarr`);

  return {
    async key(path, { choice = '', frame = 0, calibration } = {}) {
      const identity = { layout: LAYOUT_VERSION, levels: 'coarser', content: await contentIdentity(resolve(path)), choice, frame, ...(calibration && { calibration }) };
      return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
    },

    async get(key) {
      try {
        return await openOmeZarr(storeOf(key));
      } catch (error) {
        if (error instanceof VoxbenchError && error.kind === 'BadPyramid') return undefined;
        throw error;
      }
    },

    build(source, key, options) {
      const store = storeOf(key);
      let running = building.get(key);
      if (!running) {
        running = mkdir(cacheDir, { recursive: true })
          .then(() => buildPyramid(source, store, { compression: CACHE_COMPRESSION, coarserOnly: true, ...options }))
          .finally(() => building.delete(key));
        building.set(key, running);
      }
      return running;
    },
  };
}
