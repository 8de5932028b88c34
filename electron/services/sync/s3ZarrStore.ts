// A read-only zarrita store over a target's bucket: each key is one GetObject (ranged for shard indexes), with
// the target's credentials and the sync code's retries. A missing object is a missing chunk (fill value).
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AbsolutePath, AsyncReadable, RangeQuery } from '@zarrita/storage';
import type { Credentials, Target } from '../../common/syncModel.js';
import { describeS3Error, s3ClientFor, withRetries } from './s3.js';

/** A viewer waits: a few quick tries, then the Offline error (the chunk cache keeps what was seen). */
const READ_RETRY = { attempts: 3, baseMs: 100, capMs: 1_000 };

export class S3ZarrStore implements AsyncReadable {
  private readonly client: S3Client;
  private readonly root: string;

  constructor(
    private readonly target: Target,
    credentials: Credentials,
    key: string,
  ) {
    this.client = s3ClientFor(target, credentials);
    this.root = [target.prefix, key].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  }

  get(key: AbsolutePath): Promise<Uint8Array | undefined> {
    return this.fetch(key);
  }

  getRange(key: AbsolutePath, range: RangeQuery): Promise<Uint8Array | undefined> {
    return this.fetch(key, 'suffixLength' in range ? `bytes=-${range.suffixLength}` : `bytes=${range.offset}-${range.offset + range.length - 1}`);
  }

  private async fetch(key: AbsolutePath, range?: string): Promise<Uint8Array | undefined> {
    const Key = `${this.root}${key}`;
    try {
      return await withRetries(async () => {
        const reply = await this.client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key, Range: range }));
        return reply.Body!.transformToByteArray();
      }, { policy: READ_RETRY });
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw describeS3Error(error, this.target);
    }
  }
}
