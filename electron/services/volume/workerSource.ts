// Opens a scan in a worker thread of its own and gives back a VolumeSource whose reads travel to it.
// A reader that crashes (a wasm abort, say) takes down only its worker: calls then fail with ReaderCrashed.
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Reply } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { OpenOptions } from '../io/reader.js';
import type { ValueStats, VolumeMeta, VolumeSource, VoxelArray } from './model.js';
import type { PyramidPolicy, WorkerRequest } from './readerWorker.js';

// Bundled, this code runs from dist/electron/ beside readerWorker.js; from source (tests), tsx loads the .ts.
const fromSource = import.meta.url.endsWith('.ts');

/** A thread running readerWorker.ts: a scan's reader, or the pyramid level reader (`role: 'levels'`). */
export function startWorker(workerData: unknown): Worker {
  if (!fromSource) return new Worker(new URL('./readerWorker.js', import.meta.url), { workerData });
  const entry = JSON.stringify(new URL('./readerWorker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); });`;
  return new Worker(boot, { eval: true, workerData });
}

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Opening reads every slice once (for the value range): `onProgress` hears how far it got. */
export interface OpenedInWorker {
  source: VolumeSource;
  stats: ValueStats;
  /** The cached multiscale pyramid of a large volume, and whether it was already there. */
  pyramid?: { dir: string; cached: boolean };
}

export async function openInWorker(
  path: string,
  options: OpenOptions = {},
  { pyramids, onProgress }: { pyramids?: PyramidPolicy; onProgress?: (done: number, total: number, what: 'range' | 'pyramid') => void } = {},
): Promise<OpenedInWorker> {
  const worker = startWorker({ path, options, pyramids });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let crashed: VoxbenchError | undefined;
  let nextId = 1;

  const settle = (reply: (Reply<unknown> & { id: number }) | { progress: number; total: number; what: 'range' | 'pyramid' }) => {
    if ('progress' in reply) return onProgress?.(reply.progress, reply.total, reply.what);
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.result);
    else waiting?.reject(new VoxbenchError(reply.error.kind, reply.error.message));
  };
  const fail = (why: string) => {
    crashed ??= new VoxbenchError('ReaderCrashed', `${basename(path)}: the reader stopped unexpectedly (${why}).`);
    pending.forEach(({ reject }) => reject(crashed!));
    pending.clear();
  };
  worker.on('message', settle);
  worker.on('error', (error) => fail(error.message));
  worker.on('exit', (code) => fail(`exit code ${code}`));

  const call = <T>(request: Request | null): Promise<T> => {
    if (crashed) return Promise.reject(crashed);
    const id = request ? nextId++ : 0;
    const reply = new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    if (request) worker.postMessage({ id, ...request });
    return reply;
  };

  let opened: { meta: VolumeMeta; stats: ValueStats; pyramid?: OpenedInWorker['pyramid'] };
  try {
    opened = await call(null);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const source: VolumeSource = {
    meta: opened.meta,
    readSlab: (z0, count) => call<VoxelArray>({ op: 'read', z0, count }),
    readRegion: (box) => call<VoxelArray>({ op: 'region', box }),
    async close() {
      if (!crashed) await call({ op: 'close' }).catch(() => undefined);
      await worker.terminate();
    },
  };
  return { source, stats: opened.stats, pyramid: opened.pyramid };
}
