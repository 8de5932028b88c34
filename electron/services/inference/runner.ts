// Runs a model package on a volume in the inference worker: checks the model's SHA-256, refuses a run that
// would not fit in memory, streams progress, and cancels (checked between batches). The runner's one worker
// serves every run and keeps the last session, so a second run starts at once.
import { totalmem } from 'node:os';
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { WorkerClient } from '../../workers/client.js';
import { WorkerPool } from '../../workers/pool.js';
import type { VoxelArray } from '../volume/model.js';
import { verifyModel, type ModelPackage } from './manifest.js';
import { modelGridOf, type Prompts, type VolumeGrid } from './pipeline.js';
import type { Provider } from '../../common/inferenceCalls.js';
import type { InferenceCalls } from './worker.js';

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
    /** The device it ran on, where it can be known (WebGPU: the Vulkan driver, or D3D12/Metal). */
    device?: string;
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

export class InferenceRunner {
  /** One thread for every run, started on the first and again after a crash. */
  private readonly pool = new WorkerPool(() => new WorkerClient<InferenceCalls>('inferenceWorker', { name: 'The inference worker', cancel: 'message' }), 1, Infinity);

  /** Runs on `voxels`, or on what `voxels()` reads once the run is known to fit. */
  async run(pkg: ModelPackage, voxels: VoxelArray | (() => Promise<VoxelArray>), grid: VolumeGrid, options: RunOptions = {}): Promise<ModelRun> {
    const { manifest, modelPath, manifestPath } = pkg;
    const need = runBytes(grid, pkg);
    const limit = options.memoryLimit ?? totalmem() * 0.75;
    if (need > limit) {
      throw new VoxbenchError('NotEnoughMemory', `${manifest.name} on a ${grid.dims.join('×')} volume needs about ${mb(need)} MB; ${mb(limit)} MB are available for it.`);
    }
    await verifyModel(pkg);
    const stopIfCancelled = () => {
      if (options.signal?.aborted) throw new VoxbenchError('InferenceCancelled', `${manifest.name}: cancelled before it started.`);
    };
    stopIfCancelled();
    const job = { modelPath, manifestPath, manifest, voxels: typeof voxels === 'function' ? await voxels() : voxels, grid, providers: options.providers, threads: options.threads, prompts: options.prompts };
    stopIfCancelled(); // the worker only hears cancels of a run it has
    const began = performance.now();
    const onProgress = ({ done, total }: { done: number; total: number }) => options.onProgress?.(done, total);
    const done = await this.pool.request('run', job, { onProgress, signal: options.signal });
    const { patch, normalisation, spacing, orientation } = manifest; // patch.batch as run: fewer where a GPU buffer needs it
    return {
      labels: done.labels,
      segments: manifest.labels,
      provenance: {
        model: manifest.name,
        version: manifest.version,
        sha256: manifest.sha256,
        provider: done.provider,
        ...(done.device && { device: done.device }),
        skippedProviders: done.skipped,
        parameters: { patch: { ...patch, batch: done.batch }, precision: manifest.precision, normalisation, spacing, orientation, prompts: options.prompts, threads: options.threads },
        modelDims: done.modelDims,
        patches: done.patches,
        seconds: (performance.now() - began) / 1000,
        sessionSeconds: done.sessionSeconds,
      },
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
