// A read-only zarrita store over a target's bucket: each key is one signed GET (ranged for shard indexes), with
// the target's credentials and the sync code's retries. A missing object is a missing chunk (fill value).
import type { AbsolutePath, AsyncReadable, RangeQuery } from '@zarrita/storage';
import type { Credentials, Target } from '../../common/syncModel.js';
import { describeS3Error, withRetries } from './s3Retry.js';
import { s3Get } from './s3Get.js';

/** A viewer waits: a few quick tries, then the Offline error (the chunk cache keeps what was seen). */
const READ_RETRY = { attempts: 3, baseMs: 100, capMs: 1_000 };

export class S3ZarrStore implements AsyncReadable {
  private readonly root: string;

  constructor(
    private readonly target: Target,
    private readonly credentials: Credentials,
    key: string,
  ) {
    this.root = [target.prefix, key].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  }

  get(key: AbsolutePath): Promise<Uint8Array | undefined> {
    return this.fetch(key);
  }

  getRange(key: AbsolutePath, range: RangeQuery): Promise<Uint8Array | undefined> {
    return this.fetch(key, 'suffixLength' in range ? `bytes=-${range.suffixLength}` : `bytes=${range.offset}-${range.offset + range.length - 1}`);
  }

  private async fetch(key: AbsolutePath, range?: string): Promise<Uint8Array | undefined> {
    try {
      return await withRetries(() => s3Get(this.target, this.credentials, `${this.root}${key}`, range), { policy: READ_RETRY });
    } catch (error) {
      throw describeS3Error(error, this.target);
    }
  }
}
