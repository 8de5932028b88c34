// The fuzz test's reader: a worker thread that opens a file, reads every slab and the value range, and says
// what came of it and how much memory that took. It runs apart so that a case that never ends (even in
// synchronous wasm) or leaves the h5wasm module aborted is ended by terminating the thread, not the test run.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { VoxbenchError } from '../../electron/common/errors.js';
import { openScan } from '../../electron/services/io/registry.js';
import { bytesPerVoxel, slabs, valueStats } from '../../electron/services/volume/model.js';

const CASE_TIME_MS = 5_000;
const MEMORY_BOUND = 512 * 2 ** 20;

export interface Outcome {
  ok: boolean;
  /** 'volume', the VoxbenchError kind, or what went wrong: crash, abort, unnamed, hang, died, memory, poisoned. */
  kind: string;
  detail: string;
}

async function readVolume(path: string): Promise<Outcome> {
  const source = await openScan(path);
  try {
    let bytes = 0;
    for await (const slab of slabs(source)) bytes += slab.byteLength;
    await valueStats(source);
    const { dims, dtype, spacing, origin, direction } = source.meta;
    const promised = dims[0] * dims[1] * dims[2] * bytesPerVoxel(dtype);
    if (bytes !== promised) return { ok: false, kind: 'volume', detail: `read ${bytes} bytes, ${dims.join('×')} ${dtype} promise ${promised}` };
    if (![...spacing, ...origin, ...direction].every(Number.isFinite) || spacing.some((step) => step <= 0)) {
      return { ok: false, kind: 'volume', detail: `unusable geometry ${JSON.stringify({ spacing, origin, direction })}` };
    }
    return { ok: true, kind: 'volume', detail: `${dims.join('×')} ${dtype}` };
  } finally {
    await source.close();
  }
}

/** An untyped error in one line: its first HDF5 stack entry if it has one, and where in electron/ it came from. */
function crashDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const hdf5 = /#000: .*? in (\w+\(\)): (.*)/.exec(error.message);
  const where = error.stack?.split('\n').find((line) => line.includes('/electron/'))?.trim();
  return `${error.name}: ${hdf5 ? `HDF5 ${hdf5[1]} ${hdf5[2]}` : error.message.split('\n')[0]}${where ? ` (${where})` : ''}`;
}

function errorOutcome(error: unknown, name: string): Outcome {
  if (!(error instanceof VoxbenchError)) return { ok: false, kind: 'crash', detail: crashDetail(error) };
  // hdf5.ts turns a wasm abort into ReaderCrashed; one that reaches us as a message was not handled.
  if (/Aborted\(/.test(error.message)) return { ok: false, kind: 'abort', detail: `${error.kind}: ${error.message}` };
  const ok = error.kind.length > 0 && error.message.includes(name);
  return { ok, kind: ok ? error.kind : 'unnamed', detail: `${error.kind}: ${error.message}` };
}

/** Resets the peak resident memory (Linux VmHWM) of the process and returns the current one. */
function resetPeakMemory(): number {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux: the peak below is then the RSS at the end, a weaker check.
  }
  return process.memoryUsage().rss;
}

function peakMemory(): number {
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // As above.
  }
  const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kib ? Number(kib) * 1024 : process.memoryUsage().rss;
}

/** What reading `path` gives; more than MEMORY_BOUND of peak memory growth on the way is a failure. */
async function outcomeOf(path: string): Promise<Outcome> {
  const before = resetPeakMemory();
  const outcome = await readVolume(path).catch((error: unknown) => errorOutcome(error, basename(path)));
  const grown = peakMemory() - before;
  return grown > MEMORY_BOUND ? { ok: false, kind: 'memory', detail: `peak memory grew by ${grown >> 20} MiB (${outcome.kind}: ${outcome.detail})` } : outcome;
}

// ── The test's end ──────────────────────────────────────────────────────────────────────────────────

let reader: Promise<Worker> | undefined;

function startReader(): Promise<Worker> {
  const self = JSON.stringify(import.meta.url);
  // h5wasm's 4 MB module loads before tsx is registered: through tsx it takes 3 s and 600 MB per thread.
  const boot = `import('h5wasm/node').then(() => import('tsx/esm/api')).then(({ register }) => { register(); return import(${self}); });`;
  // workerData is also what keeps web-worker (via geotiff) from taking this thread for one of its own.
  const worker = new Worker(boot, {
    eval: true,
    workerData: { fuzzReader: true },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

export const hasReader = () => reader !== undefined;

export async function restartReader(): Promise<void> {
  const stopping = reader;
  reader = undefined;
  await (await stopping)?.terminate();
}

/** What reading `path` in the reader thread gives within CASE_TIME_MS; a stuck or dead thread is replaced. */
export async function ask(path: string): Promise<Outcome> {
  const worker = await (reader ??= startReader());
  let settle!: (outcome: Outcome) => void;
  const answer = new Promise<Outcome>((resolve) => (settle = resolve));
  const onError = (error: Error) => settle({ ok: false, kind: 'died', detail: `the reader thread died: ${error.name}: ${error.message}` });
  const onExit = (code: number) => settle({ ok: false, kind: 'died', detail: `the reader thread exited (${code})` });
  worker.on('message', settle).on('error', onError).on('exit', onExit);
  const timer = setTimeout(() => settle({ ok: false, kind: 'hang', detail: `no answer within ${CASE_TIME_MS} ms` }), CASE_TIME_MS);
  worker.postMessage(path);
  const outcome = await answer;
  clearTimeout(timer);
  worker.off('message', settle).off('error', onError).off('exit', onExit);
  if (outcome.kind === 'hang' || outcome.kind === 'died') await restartReader();
  return outcome;
}

// ── The thread's end ────────────────────────────────────────────────────────────────────────────────

if ((workerData as { fuzzReader?: boolean } | null)?.fuzzReader) {
  const port = parentPort!;
  port.on('message', async (path: string) => port.postMessage(await outcomeOf(path)));
  port.postMessage('ready');
}
