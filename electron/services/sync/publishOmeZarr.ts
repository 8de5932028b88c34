// A scan published as multiscale OME-Zarr: the store is built from the scan in a reader worker (the one streamed
// pyramid writer, as convert and the pyramid cache use it) into the job's staging folder, and each chunk goes up
// as soon as the writer has finished it, while the build goes on; the metadata follows once the build is done.
// Every object is journaled once stored, so a resumed job sends only what the server lacks. The root .zattrs
// (the NGFF multiscales) goes last: a store without it is still being written.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { WorkerClient } from '../../workers/client.js';
import type { PublishProgress, ReaderCalls } from '../volume/readerWorker.js';
import type { OmeZarrPublish } from './model.js';
import { stem } from './staging.js';
import { KeyFeed, sendObjects, type StorePublish } from './storeUpload.js';
import { checkUnchanged } from './uploadFile.js';

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

/**
 * Builds the store (under `<staged>.partial`, renamed into place when complete) and sends each chunk the writer
 * reports finished; `counted` gets every key whose bytes were reported. A build killed midway goes on from the
 * chunks it left whole (reported first) and rebuilds the rest with the bytes they would have had: those already on
 * the server are skipped. A failed send stops the build, a failed build the sends.
 */
async function buildWhileSending(publish: OmeZarrPublish, upload: StorePublish, counted: Set<string>): Promise<void> {
  if (!publish.source) throw new VoxbenchError('StagedStoreLost', `${publish.staged} is gone and was built from no file: push the labels again.`);
  await checkUnchanged(publish.source);
  const partial = `${publish.staged}.partial`;
  // a chunk reported just before the build completes may be read after the rename
  const read = (key: string) => readFile(join(partial, key)).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? readFile(join(publish.staged, key)) : Promise.reject(error)));
  const feed = new KeyFeed();
  const building = new AbortController();
  const stop = () => building.abort(upload.signal.reason);
  upload.signal.addEventListener('abort', stop, { once: true });
  const sending = sendObjects(upload, read, feed, upload.parallel).catch((error: unknown) => {
    building.abort(error); // the build rejects with this error
    throw error;
  });
  const onProgress = (progress: PublishProgress) => {
    if (!('chunk' in progress)) return upload.onBuild({ done: progress.done, total: progress.total });
    counted.add(progress.chunk);
    if (upload.job.storedObjects.get(progress.chunk) === progress.bytes) upload.onBytes(progress.bytes, true);
    else feed.push(progress.chunk);
  };
  const worker = new WorkerClient<ReaderCalls>('readerWorker', { name: `The OME-Zarr writer of ${publish.source.name}`, cancel: 'message' });
  try {
    await worker.request('writeOmeZarr', { path: publish.source.path, store: publish.staged }, { signal: building.signal, onProgress });
  } catch (error) {
    feed.stop();
    await sending.catch(() => undefined);
    throw error;
  } finally {
    upload.signal.removeEventListener('abort', stop);
    upload.onBuild(undefined);
    await worker.close();
  }
  feed.close();
  await sending;
}

export async function publishOmeZarr(publish: OmeZarrPublish, upload: StorePublish): Promise<void> {
  const counted = new Set<string>();
  if (!(await built(publish.staged))) await buildWhileSending(publish, upload, counted);
  const objects = await storeObjects(publish.staged);
  const { job, journal } = upload;
  const bytes = objects.reduce((sum, [, size]) => sum + size, 0);
  if (job.store?.objects !== objects.length || job.store.bytes !== bytes) await journal.append({ t: 'staged', job: job.spec.id, objects: objects.length, bytes });
  if (!objects.some(([key]) => key === ROOT_ATTRIBUTES)) throw new VoxbenchError('BadPyramid', `${publish.staged} has no ${ROOT_ATTRIBUTES}: the OME-Zarr build did not finish.`);
  const stored = job.storedObjects;
  for (const [key, size] of objects) if (stored.get(key) === size && !counted.has(key)) upload.onBytes(size, true);
  const missing = objects.filter(([key, size]) => stored.get(key) !== size).map(([key]) => key);
  const read = (key: string) => readFile(join(publish.staged, key));
  const rest = missing.filter((key) => key !== ROOT_ATTRIBUTES);
  await sendObjects(upload, read, new KeyFeed(rest), Math.min(upload.parallel, rest.length));
  if (missing.includes(ROOT_ATTRIBUTES)) await sendObjects(upload, read, new KeyFeed([ROOT_ATTRIBUTES]), 1);
}
