// The inference worker: opens the session on the best provider, runs the pipeline, reports per batch and
// stops at the next batch once the host raises the shared cancel flag.
import { parentPort, workerData } from 'node:worker_threads';
import { Tensor } from 'onnxruntime-node';
import type { Vec3 } from '../contract.js';
import { toWireError } from '../errors.js';
import type { VoxelArray } from '../volume/model.js';
import type { ModelManifest } from './manifest.js';
import { modelGridOf, runPipeline, toModelIndex, type Prompts, type VolumeGrid } from './pipeline.js';
import { openSession, type Provider } from './providers.js';
import type { RunBatch } from './slidingWindow.js';

export interface InferenceJob {
  modelPath: string;
  manifest: ModelManifest;
  voxels: VoxelArray;
  grid: VolumeGrid;
  providers?: Provider[];
  threads?: number;
  prompts?: Prompts;
  /** Int32 flag the host sets to 1 to cancel. */
  cancel: SharedArrayBuffer;
}

export type WorkerMessage =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'started'; provider: Provider; skipped: { provider: Provider; reason: string }[] }
  | { kind: 'done'; labels: Uint8Array | Uint16Array; modelDims: Vec3; patches: number; channels: number; sessionSeconds: number }
  | { kind: 'failed'; error: { kind: string; message: string } };

const job = workerData as InferenceJob;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

/** Prompt tensors for a batch, in patch-local model-grid indices [x, y, z]. */
function promptFeeds(starts: Vec3[]): Record<string, Tensor> {
  const { prompts, manifest } = job;
  if (!prompts || !manifest.prompts) return {};
  const model = modelGridOf(job.grid, manifest);
  const local = (at: Vec3, start: Vec3) => toModelIndex(at, job.grid, model).map((c, axis) => c - start[axis]!);
  const feeds: Record<string, Tensor> = {};
  const points = prompts.points ?? [];
  if (manifest.prompts.points) {
    const data = Float32Array.from(starts.flatMap((start) => points.flatMap(({ at, positive }) => [...local(at, start), positive ? 1 : 0])));
    feeds[manifest.prompts.points] = new Tensor('float32', data, [starts.length, points.length, 4]);
  }
  if (manifest.prompts.box && prompts.box) {
    const { min, max } = prompts.box;
    const data = Float32Array.from(starts.flatMap((start) => [...local(min, start), ...local(max, start)]));
    feeds[manifest.prompts.box] = new Tensor('float32', data, [starts.length, 6]);
  }
  return feeds;
}

async function main(): Promise<void> {
  const { session, provider, skipped } = await openSession(job.modelPath, job.providers, job.threads);
  post({ kind: 'started', provider, skipped });
  const { input, output } = job.manifest;
  const [px, py, pz] = job.manifest.patch.size;
  const cancelled = new Int32Array(job.cancel);
  let sessionSeconds = 0;
  const run: RunBatch = async (data, count, starts) => {
    const shape = input.layout === 'NCDHW' ? [count, 1, pz, py, px] : [count, 1, px, py, pz];
    const began = performance.now();
    const results = await session.run({ [input.name]: new Tensor('float32', data, shape), ...promptFeeds(starts) });
    sessionSeconds += (performance.now() - began) / 1000;
    return results[output.name]!.data as Float32Array;
  };
  try {
    const result = await runPipeline(job.voxels, job.grid, job.manifest, run, {
      prompts: job.prompts,
      cancelled: () => Atomics.load(cancelled, 0) === 1,
      onProgress: (done, total) => post({ kind: 'progress', done, total }),
    });
    post({ kind: 'done', ...result, sessionSeconds }, [result.labels.buffer as ArrayBuffer]);
  } finally {
    await session.release();
  }
}

main().catch((error) => post({ kind: 'failed', error: toWireError(error) }));
