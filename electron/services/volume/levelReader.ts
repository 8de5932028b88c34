// Pyramid level reads for the main thread (Electron's, the web host's event loop): the chunk copying runs in
// one shared worker thread, started on the first read and not keeping the process alive. Both ends are here.
import type { MessagePort, Worker } from 'node:worker_threads';
import type { Dtype } from '../../common/contract.js';
import { toWireError, VoxbenchError } from '../../common/errors.js';
import type { Box, VoxelArray } from './model.js';
import { type ArrayLayout, readArrayRegion } from './omeZarrRegion.js';
import { startWorker } from './workerSource.js';

interface LevelRead {
  id: number;
  dir: string;
  array: ArrayLayout;
  dtype: Dtype;
  box: Box;
}

type Reply = { id: number; ok: true; result: VoxelArray } | { id: number; ok: false; error: { kind: string; message: string } };

let worker: Worker | undefined;
const pending = new Map<number, { resolve(voxels: VoxelArray): void; reject(error: Error): void }>();
let nextId = 1;

function levelWorker(): Worker {
  if (worker) return worker;
  const started = startWorker({ role: 'levels' });
  started.unref();
  const failAll = (why: string) => {
    if (worker === started) worker = undefined;
    pending.forEach(({ reject }) => reject(new VoxbenchError('ReaderCrashed', `The pyramid level reader stopped unexpectedly (${why}).`)));
    pending.clear();
  };
  started.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.result);
    else waiting?.reject(new VoxbenchError(reply.error.kind, reply.error.message));
    if (!pending.size) started.unref();
  });
  started.on('error', (error) => failAll(error.message));
  started.on('exit', (code) => failAll(`exit code ${code}`));
  worker = started;
  return started;
}

/** readArrayRegion, done in the level worker. */
export function readRegionInWorker(dir: string, array: ArrayLayout, dtype: Dtype, box: Box): Promise<VoxelArray> {
  const reader = levelWorker();
  const id = nextId++;
  // Referenced while reads are waiting, so a process waiting for one does not exit under it.
  reader.ref();
  const reply = new Promise<VoxelArray>((resolve, reject) => pending.set(id, { resolve, reject }));
  reader.postMessage({ id, dir, array, dtype, box } satisfies LevelRead);
  return reply;
}

/** The worker's end: readerWorker.ts hands its port here when started with role 'levels'. */
export function serveLevelReads(port: MessagePort): void {
  port.on('message', async ({ id, dir, array, dtype, box }: LevelRead) => {
    try {
      const voxels = await readArrayRegion(dir, array, dtype, box);
      port.postMessage({ id, ok: true, result: voxels } satisfies Reply, [voxels.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ id, ok: false, error: toWireError(error) } satisfies Reply);
    }
  });
}
