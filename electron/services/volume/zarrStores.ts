// Where a Zarr hierarchy lives, as plain data a worker can be handed: a local folder, an HTTP(S) URL, or a key
// prefix in a sync target's bucket (its credentials travel with it). storeAt gives zarrita the matching store.
import { FileSystemStore } from '@zarrita/storage';
import * as zarr from 'zarrita';
import type { Readable } from 'zarrita';
import type { Credentials, Target } from '../../common/syncModel.js';
import { S3ZarrStore } from '../sync/s3ZarrStore.js';
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

function bareStore(location: ZarrLocation): Readable {
  if (location.kind === 'folder') return new FileSystemStore(location.path);
  if (location.kind === 'http') return new zarr.FetchStore(location.url);
  return new S3ZarrStore(location.target, location.credentials, location.key);
}

export function storeAt(location: ZarrLocation): Readable {
  const store = bareStore(location);
  return location.cache ? new ChunkCache(store, location.cache, describeLocation(location)) : store;
}
