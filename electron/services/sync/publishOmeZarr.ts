// A scan published as multiscale OME-Zarr: the store is built from the scan in a reader worker (the one streamed
// pyramid writer, as convert and the pyramid cache use it) into the job's staging folder, then every object is
// PUT with Content-MD5, `parallel` at a time, each journaled once stored, so a resumed job sends only what the
// server lacks. The root .zattrs (the NGFF multiscales) goes last: a store without it is still being written.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { VoxbenchError } from '../../common/errors.js';
import { WorkerClient } from '../../workers/client.js';
import type { ReaderCalls } from '../volume/readerWorker.js';
import type { Bandwidth } from './bandwidth.js';
import type { JournalJob, SyncJournal } from './journal.js';
import type { OmeZarrPublish } from './model.js';
import { withRetries } from './s3.js';
import { stem } from './staging.js';
import { checkUnchanged } from './uploadFile.js';

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
}

/** The commit marker of an NGFF image: readers find no multiscales until every chunk is in. */
const ROOT_ATTRIBUTES = '.zattrs';

export const storeNameOf = (path: string) => `${stem(basename(path))}.ome.zarr`;

/** Every object of the store: [key inside it, with '/', bytes]. */
async function storeObjects(dir: string): Promise<[string, number][]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (path) => [relative(dir, path).split(sep).join('/'), (await stat(path)).size] as [string, number]));
}

const built = (dir: string) => stat(join(dir, ROOT_ATTRIBUTES)).then(() => true, () => false);

/** Builds the store unless staging holds it (the writer renames it into place only when complete); the build is
 * deterministic, so a store rebuilt after a crash holds the same bytes under the same keys as one partly uploaded. */
async function stage(publish: OmeZarrPublish, { job, journal, signal }: StorePublish): Promise<[string, number][]> {
  if (!(await built(publish.staged))) {
    if (!publish.source) throw new VoxbenchError('StagedStoreLost', `${publish.staged} is gone and was built from no file: push the labels again.`);
    await checkUnchanged(publish.source);
    const worker = new WorkerClient<ReaderCalls>('readerWorker', { name: `The OME-Zarr writer of ${publish.source.name}`, cancel: 'message' });
    try {
      await worker.request('writeOmeZarr', { path: publish.source.path, store: publish.staged }, { signal });
    } finally {
      await worker.close();
    }
  }
  const objects = await storeObjects(publish.staged);
  const bytes = objects.reduce((sum, [, size]) => sum + size, 0);
  if (job.store?.objects !== objects.length || job.store.bytes !== bytes) await journal.append({ t: 'staged', job: job.spec.id, objects: objects.length, bytes });
  return objects;
}

/** PUTs one object with Content-MD5; resolves to its size once the server has it. */
async function putObject(upload: StorePublish, dir: string, key: string): Promise<number> {
  const body = await readFile(join(dir, key));
  await upload.bandwidth.take(body.length, upload.signal);
  const put = () => new PutObjectCommand({ Bucket: upload.bucket, Key: `${upload.prefix}${key}`, Body: body, ContentLength: body.length, ContentMD5: createHash('md5').update(body).digest('base64') });
  await withRetries(() => upload.s3.send(put(), { abortSignal: upload.signal }), { signal: upload.signal });
  return body.length;
}

/**
 * Sends `keys` with at most `parallel` requests in flight; the first failure stops the others taking more. A
 * lane records each stored object while it sends the next (the fsync off the critical path), and waits for
 * that record before recording another: a kill leaves at most two objects per lane stored but unrecorded.
 */
async function sendAll(upload: StorePublish, dir: string, keys: string[]): Promise<void> {
  let failed = false;
  const record = (key: string, size: number) => upload.journal.append({ t: 'objects', job: upload.job.spec.id, stored: [[key, size]] }).then(() => upload.onBytes(size));
  const lane = async () => {
    let recorded = Promise.resolve();
    try {
      for (let key = keys.shift(); key !== undefined && !failed; key = keys.shift()) {
        const size = await putObject(upload, dir, key);
        await recorded;
        recorded = record(key, size);
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await recorded;
    }
  };
  await Promise.all(Array.from({ length: Math.min(upload.parallel, keys.length) }, lane));
}

export async function publishOmeZarr(publish: OmeZarrPublish, upload: StorePublish): Promise<void> {
  const objects = await stage(publish, upload);
  const stored = upload.job.storedObjects;
  for (const [key, size] of objects) if (stored.get(key) === size) upload.onBytes(size, true);
  const missing = objects.filter(([key, size]) => stored.get(key) !== size).map(([key]) => key);
  if (!objects.some(([key]) => key === ROOT_ATTRIBUTES)) throw new VoxbenchError('BadPyramid', `${publish.staged} has no ${ROOT_ATTRIBUTES}: the OME-Zarr build did not finish.`);
  await sendAll(upload, publish.staged, missing.filter((key) => key !== ROOT_ATTRIBUTES));
  if (missing.includes(ROOT_ATTRIBUTES)) await sendAll(upload, publish.staged, [ROOT_ATTRIBUTES]);
}
