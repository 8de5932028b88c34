// Starts a worker thread from its entry module: the bundled .js beside the caller in dist/electron/, or the
// .ts source through tsx when the caller itself runs from source (tests).
import { Worker } from 'node:worker_threads';

/** `bundled` is the entry's name in build/build.mjs ('surfaceWorker.js'); `source` its .ts path relative to `from`. */
export function startWorkerThread(from: string, bundled: string, source: string, workerData?: unknown): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${bundled}`, from), { workerData });
  const entry = JSON.stringify(new URL(source, from).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); });`;
  return new Worker(boot, { eval: true, workerData });
}
