// Where a Zarr hierarchy lives, as plain data a worker can be handed: a local folder, an HTTP(S) URL, or a key
// prefix in a sync target's bucket (its credentials travel with it). storeAt gives zarrita the matching store; the S3
// one (the AWS SDK, ~1 MB) loads only when a bucket is opened, so a local scan's open never parses it.
import { FileSystemStore } from '@zarrita/storage';
import * as zarr from 'zarrita';
import type { Readable } from 'zarrita';
import type { Credentials, Target } from '../../common/syncModel.js';
import { ChunkCache, type ChunkCachePolicy } from './chunkCache.js';

export type ZarrLocation = (
  | { kind: 'folder'; path: string }
  | { kind: 'http'; url: string }
  | { kind: 's3'; target: Target; credentials: Credentials; key: string }
) & {
  /** Remote stores read through the on-disk chunk cache. */
  cache?: ChunkCachePolicy;
};

/** The location as a user reads it (never the credentials). */
export function describeLocation(location: ZarrLocation): string {
  if (location.kind === 'folder') return location.path;
  if (location.kind === 'http') return location.url;
  return `s3://${location.target.name}/${location.key}`;
}

async function bareStore(location: ZarrLocation): Promise<Readable> {
  if (location.kind === 'folder') return new FileSystemStore(location.path);
  if (location.kind === 'http') return new zarr.FetchStore(location.url);
  const { S3ZarrStore } = await import('../sync/s3ZarrStore.js');
  return new S3ZarrStore(location.target, location.credentials, location.key);
}

export async function storeAt(location: ZarrLocation): Promise<Readable> {
  const store = await bareStore(location);
  return location.cache ? new ChunkCache(store, location.cache, describeLocation(location)) : store;
}
