// Runs a model package on a volume in the inference worker: checks the model's SHA-256, refuses a run that
// would not fit in memory, streams progress, and cancels through a shared flag (checked between batches).
// One worker serves every run and keeps the last session, so a second run starts at once.
import { totalmem } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { VoxelArray } from '../volume/model.js';
import { startWorkerThread } from '../../workers/workerThread.js';
import { verifyModel, type ModelPackage } from './manifest.js';
import { modelGridOf, type Prompts, type VolumeGrid } from './pipeline.js';
import type { Provider } from '../../common/inferenceCalls.js';
import type { InferenceJob, WorkerMessage } from './worker.js';

type Listener = (message: WorkerMessage) => void;

/** The one inference worker, started on first use and again after a crash; it keeps the process alive only while it runs a job. */
let shared: { worker: Worker; listeners: Map<number, Listener> } | undefined;
let nextJob = 1;

function inferenceWorker(): NonNullable<typeof shared> {
  if (shared) return shared;
  const worker = startWorkerThread(import.meta.url, 'inferenceWorker.js', './worker.ts');
  const listeners = new Map<number, Listener>();
  const current = { worker, listeners };
  const crash = (why: string) => {
    if (shared === current) shared = undefined;
    listeners.forEach((listener, id) => listener({ id, kind: 'failed', error: { kind: 'InferenceCrashed', message: `The inference worker stopped (${why}).` } }));
    listeners.clear();
  };
  worker.on('message', (message: WorkerMessage) => listeners.get(message.id)?.(message));
  worker.on('error', (error) => crash(error.message));
  worker.on('exit', (code) => crash(`exit code ${code}`));
  worker.unref();
  shared = current;
  return current;
}

export interface RunOptions {
  /** Providers to try in order; CPU is always the last resort. */
  providers?: Provider[];
  threads?: number;
  prompts?: Prompts;
  /** Bytes a run may use; default three quarters of the machine's memory. */
  memoryLimit?: number;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export interface ModelRun {
  labels: Uint8Array | Uint16Array;
  /** Label values, names and colours of the model's classes. */
  segments: { value: number; name: string; color: [number, number, number] }[];
  /** What produced the labels: the model and its hash, the provider, the parameters. */
  provenance: {
    model: string;
    version: string;
    sha256: string;
    provider: Provider;
    skippedProviders: { provider: Provider; reason: string }[];
    parameters: Record<string, unknown>;
    modelDims: Vec3;
    patches: number;
    seconds: number;
    sessionSeconds: number;
  };
}

/** Bytes a run holds at its peak: float copies on both grids, the blended channels, the labels. */
export function runBytes(grid: VolumeGrid, pkg: ModelPackage): number {
  const voxels = (dims: Vec3) => dims[0] * dims[1] * dims[2];
  const model = voxels(modelGridOf(grid, pkg.manifest).dims);
  const channels = Math.max(...pkg.manifest.labels.map(({ value }) => value)) + 1;
  return 4 * (voxels(grid.dims) * (1 + channels) + model * (2 + channels));
}

/** Runs on `voxels`, or on what `voxels()` reads once the run is known to fit. */
export async function runModel(pkg: ModelPackage, voxels: VoxelArray | (() => Promise<VoxelArray>), grid: VolumeGrid, options: RunOptions = {}): Promise<ModelRun> {
  const { manifest, modelPath } = pkg;
  const need = runBytes(grid, pkg);
  const limit = options.memoryLimit ?? totalmem() * 0.75;
  if (need > limit) {
    throw new VoxbenchError('NotEnoughMemory', `${manifest.name} on a ${grid.dims.join('×')} volume needs about ${mb(need)} MB; ${mb(limit)} MB are available for it.`);
  }
  await verifyModel(pkg);
  if (options.signal?.aborted) throw new VoxbenchError('InferenceCancelled', `${manifest.name}: cancelled before it started.`);
  const cancel = new SharedArrayBuffer(4);
  const job: InferenceJob = { modelPath, manifest, voxels: typeof voxels === 'function' ? await voxels() : voxels, grid, providers: options.providers, threads: options.threads, prompts: options.prompts, cancel };
  const began = performance.now();
  const { worker, listeners } = inferenceWorker();
  const id = nextJob++;
  const abort = () => Atomics.store(new Int32Array(cancel), 0, 1);
  options.signal?.addEventListener('abort', abort);
  let started: Extract<WorkerMessage, { kind: 'started' }> | undefined;
  try {
    const done = await new Promise<Extract<WorkerMessage, { kind: 'done' }>>((resolve, reject) => {
      listeners.set(id, (message) => {
        if (message.kind === 'progress') options.onProgress?.(message.done, message.total);
        else if (message.kind === 'started') started = message;
        else if (message.kind === 'done') resolve(message);
        else reject(new VoxbenchError(message.error.kind, message.error.message));
      });
      worker.ref();
      worker.postMessage({ id, job });
    });
    const { patch, normalisation, spacing, orientation } = manifest;
    return {
      labels: done.labels,
      segments: manifest.labels,
      provenance: {
        model: manifest.name,
        version: manifest.version,
        sha256: manifest.sha256,
        provider: started!.provider,
        skippedProviders: started!.skipped,
        parameters: { patch, normalisation, spacing, orientation, prompts: options.prompts, threads: options.threads },
        modelDims: done.modelDims,
        patches: done.patches,
        seconds: (performance.now() - began) / 1000,
        sessionSeconds: done.sessionSeconds,
      },
    };
  } finally {
    options.signal?.removeEventListener('abort', abort);
    listeners.delete(id);
    if (!listeners.size) worker.unref();
  }
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
