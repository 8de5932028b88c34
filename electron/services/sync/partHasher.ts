// Reads and MD5-hashes upload parts in one worker thread shared by every upload of the process (hashing 8 MiB
// on the event loop stalls the other parts' sockets). The worker keeps the process alive only while it works.
import type { Worker } from 'node:worker_threads';
import { VoxbenchError } from '../../common/errors.js';
import { startWorkerThread } from '../../workers/workerThread.js';
import type { PartReply, PartRequest } from './partHashWorker.js';

let worker: Worker | undefined;
let ready: Promise<void> = Promise.resolve();
let nextId = 1;
const waiting = new Map<number, { resolve(md5: string): void; reject(error: Error): void }>();

function hasher(): Worker {
  if (worker) return worker;
  const started = startWorkerThread(import.meta.url, 'partHashWorker.js', './partHashWorker.ts');
  let listening = (): void => undefined;
  ready = new Promise((resolve) => (listening = resolve));
  started.on('message', (reply: PartReply) => {
    if ('ready' in reply) {
      if (!waiting.size) started.unref(); // held until it listens, so a caller awaiting `ready` keeps the process up
      return listening();
    }
    const caller = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (!waiting.size) started.unref();
    if ('md5' in reply) caller?.resolve(reply.md5);
    else caller?.reject(new VoxbenchError(reply.error.kind, reply.error.message));
  });
  const stopped = (why: string) => {
    listening();
    for (const caller of waiting.values()) caller.reject(new VoxbenchError('HashWorkerFailed', `The part hasher stopped: ${why}`));
    waiting.clear();
    if (worker === started) worker = undefined;
  };
  started.on('error', (error) => stopped(error.message));
  started.on('exit', (code) => stopped(`it exited with code ${code}`));
  return (worker = started);
}

/** Starts the thread ahead of the first part; resolves when it listens (start it beside the files' SHA-256 pass). */
export function partHasherReady(): Promise<void> {
  hasher();
  return ready;
}

/** Reads `length` bytes of `path` from `start` into `shared` (from its beginning); resolves to their MD5 in hex. */
export function readAndHashPart(path: string, start: number, length: number, shared: SharedArrayBuffer): Promise<string> {
  const thread = hasher();
  const id = nextId++;
  thread.ref();
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    thread.postMessage({ id, path, start, length, shared } satisfies PartRequest);
  });
}
