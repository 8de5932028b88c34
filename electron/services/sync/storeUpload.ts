// A store's objects to the bucket: each PUT with Content-MD5, `parallel` in flight, each journaled once
// stored. Keys come from a feed that may still be growing (chunks written while the pyramid is being built).
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Bandwidth } from './bandwidth.js';
import type { JournalJob, SyncJournal } from './journal.js';
import { unsignedPut, withRetries } from './s3.js';

export interface StorePublish {
  s3: S3Client;
  bucket: string;
  /** The store's key prefix in the bucket, ending in '/'. */
  prefix: string;
  journal: SyncJournal;
  job: JournalJob;
  bandwidth: Bandwidth;
  parallel: number;
  signal: AbortSignal;
  onBytes(bytes: number, stored?: boolean): void;
  /** The store's build moved on (done of total); `undefined` once it is built. */
  onBuild(building: { done: number; total: number } | undefined): void;
}

/** Keys to send, known all at once or as they come; lanes wait for more until it is closed. */
export class KeyFeed {
  private readonly keys: string[];
  private readonly waiting: ((key: string | undefined) => void)[] = [];
  private closed: boolean;

  constructor(keys?: string[]) {
    this.keys = keys ? [...keys] : [];
    this.closed = Boolean(keys);
  }

  push(key: string): void {
    if (this.closed) return;
    const lane = this.waiting.shift();
    if (lane) lane(key);
    else this.keys.push(key);
  }

  /** No more keys: lanes finish those already given. */
  close(): void {
    this.closed = true;
    this.waiting.splice(0).forEach((lane) => lane(undefined));
  }

  /** No more keys, and those not yet taken are dropped (the build failed). */
  stop(): void {
    this.keys.length = 0;
    this.close();
  }

  next(): Promise<string | undefined> {
    if (this.keys.length || this.closed) return Promise.resolve(this.keys.shift());
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** PUTs one object with Content-MD5 (the body unsigned: the server checks the MD5); resolves to its size once stored. */
async function putObject(upload: StorePublish, key: string, body: Buffer): Promise<number> {
  await upload.bandwidth.take(body.length, upload.signal);
  const contentMd5 = createHash('md5').update(body).digest('base64');
  const put = () => unsignedPut({ Bucket: upload.bucket, Key: `${upload.prefix}${key}`, Body: body, ContentLength: body.length, ContentMD5: contentMd5 });
  await withRetries(() => upload.s3.send(put(), { abortSignal: upload.signal }), { signal: upload.signal });
  return body.length;
}

/**
 * Sends the feed's keys with `lanes` requests in flight; the first failure stops the others taking more. A
 * lane records each stored object while it sends the next (the fsync off the critical path), and waits for
 * that record before recording another: a kill leaves at most two objects per lane stored but unrecorded.
 */
export async function sendObjects(upload: StorePublish, read: (key: string) => Promise<Buffer>, feed: KeyFeed, lanes: number): Promise<void> {
  let failed = false;
  const record = (key: string, size: number) => upload.journal.append({ t: 'objects', job: upload.job.spec.id, stored: [[key, size]] }).then(() => upload.onBytes(size));
  const lane = async () => {
    let recorded = Promise.resolve();
    try {
      for (let key = await feed.next(); key !== undefined && !failed; key = await feed.next()) {
        const size = await putObject(upload, key, await read(key));
        await recorded;
        recorded = record(key, size);
      }
    } catch (error) {
      failed = true;
      feed.stop();
      throw error;
    } finally {
      await recorded;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}
