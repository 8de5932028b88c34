// Opening a data-centre OME-Zarr where it lies (an https:// URL, or s3://<target>/<dataset key> of a sync target):
// the metadata and the coarsest level first (the value range), then only the chunks the views ask for, at the
// level they ask for, through the on-disk chunk cache, with the next and previous chunk layers fetched ahead.
import { VoxbenchError } from '../../common/errors.js';
import { credentialsFor, type SecretStore } from '../sync/secrets.js';
import { TargetStore } from '../sync/targets.js';
import type { ChunkCachePolicy } from './chunkCache.js';
import type { Box } from './model.js';
import { type OmeZarrImage, openOmeZarr, type ReadLevel } from './omeZarrOpen.js';
import type { ZarrLocation } from './zarrStores.js';

/** What volume.open opens in place rather than from a local file. */
export const isInPlace = (path: string) => /^(s3|https?):\/\//i.test(path);
/** s3://<target>/<key>: it reads only from a target the user set up, so it needs no file grant on the desktop. */
export const isTargetDataset = (path: string) => /^s3:\/\//i.test(path);

export async function locationOf(path: string, sync: { settingsDir: string; secrets?: SecretStore }, cache: ChunkCachePolicy): Promise<ZarrLocation> {
  if (/^https?:\/\//i.test(path)) return { kind: 'http', url: path, cache };
  const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(path);
  if (!match) throw new VoxbenchError('BadLocation', `${path}: write s3://<target>/<dataset key>, with a target of the Sync settings.`);
  const target = await new TargetStore(sync.settingsDir).get(match[1]!);
  return { kind: 's3', target, credentials: await credentialsFor(target, sync.secrets), key: match[2]!.replace(/\/+$/, ''), cache };
}

/** After each read, the chunk layers just above and below the box at the same level, for the next slices. */
function prefetching(read: ReadLevel, image: () => OmeZarrImage | undefined): ReadLevel {
  return async (location, level, box) => {
    const voxels = await read(location, level, box);
    const found = image()?.levels[level];
    if (found) {
      const depth = found.chunks[2];
      const layers: Box[] = [
        { min: [box.min[0], box.min[1], Math.max(0, box.min[2] - depth)], max: [box.max[0], box.max[1], box.min[2]] },
        { min: [box.min[0], box.min[1], box.max[2]], max: [box.max[0], box.max[1], Math.min(found.dims[2], box.max[2] + depth)] },
      ];
      for (const layer of layers) if (layer.max[2] > layer.min[2]) void read(location, level, layer).catch(() => undefined);
    }
    return voxels;
  };
}

export async function openInPlace(location: ZarrLocation, read: ReadLevel): Promise<OmeZarrImage> {
  // The levels are known once open; the coarsest-level read during the open goes without prefetch.
  const opened: { image?: OmeZarrImage } = {};
  opened.image = await openOmeZarr(location, prefetching(read, () => opened.image));
  return opened.image;
}
