// Opening a data-centre OME-Zarr where it lies (an https:// URL, or s3://<target>/<dataset key> of a sync target):
// the metadata and the coarsest level first (the value range), then only the chunks the views ask for, at the
// level they ask for, through the on-disk chunk cache, with the next and previous chunk layers decoded ahead.
import { VoxbenchError } from '../../common/errors.js';
import { credentialsFor, type SecretStore } from '../sync/secrets.js';
import { TargetStore } from '../sync/targets.js';
import type { ChunkCachePolicy } from './chunkCache.js';
import type { ZarrLocation } from './zarrStores.js';

export async function locationOf(path: string, sync: { settingsDir: string; secrets?: SecretStore }, cache: ChunkCachePolicy): Promise<ZarrLocation> {
  if (/^https?:\/\//i.test(path)) return { kind: 'http', url: path, cache };
  const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(path);
  if (!match) throw new VoxbenchError('BadLocation', `${path}: write s3://<target>/<dataset key>, with a target of the Sync settings.`);
  const target = await new TargetStore(sync.settingsDir).get(match[1]!);
  return { kind: 's3', target, credentials: await credentialsFor(target, sync.secrets), key: match[2]!.replace(/\/+$/, ''), cache };
}
