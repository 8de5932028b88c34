// Starts a worker thread from its entry: the bundled .js beside the caller in dist/electron/, or the .ts source
// through tsx when the caller itself runs from source (tests). entries.json names each entry once; the build reads it too.
import { Worker } from 'node:worker_threads';
import entries from './entries.json';

export type WorkerEntry = keyof typeof entries;

export const workerEntries: Readonly<Record<WorkerEntry, string>> = entries;

/** `entry` is one of entries.json, or (tests) the URL of a worker module of their own. */
export function startWorker(entry: WorkerEntry | URL): Worker {
  // Never undefined: web-worker (via geotiff) takes a thread without workerData for one of its own.
  const workerData = { entry: String(entry) };
  const fromSource = import.meta.url.endsWith('.ts');
  const module = typeof entry !== 'string' ? entry : new URL(fromSource ? `../../${entries[entry]}` : `./${entry}.js`, import.meta.url);
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { workerData });
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
