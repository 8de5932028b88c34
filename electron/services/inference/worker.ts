// The inference worker, kept for the session's life: opens the session on the best provider (and keeps the
// last one for the next run of the same model), runs the pipeline, reports per batch and stops at the next
// batch once the host cancels the run. A GPU provider that fails on a batch (an operator or a float type its
// device lacks) hands the run to the CPU with the reason: a result is never half-computed or wrong.
import { Tensor } from 'onnxruntime-node';
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { WorkerClient } from '../../workers/client.js';
import { serveRequests, Transfer, type Call } from '../../workers/serve.js';
import type { VoxelArray } from '../volume/model.js';
import type { ModelManifest } from './manifest.js';
import { checkModelNames } from './modelNames.js';
import { modelGridOf, runPipeline, toModelIndex, type Prompts, type VolumeGrid } from './pipeline.js';
import type { Provider } from '../../common/inferenceCalls.js';
import { blendInThread } from './blendInThread.js';
import type { BlendCalls } from './blendWorker.js';
import { fromHalf, toHalf } from './halfFloat.js';
import { firstLine, openSession, type OpenedSession } from './providers.js';
import type { RunBatch } from './slidingWindow.js';
import { webgpuBatch } from './webgpuLimits.js';

export interface InferenceJob {
  modelPath: string;
  manifestPath: string;
  manifest: ModelManifest;
  voxels: VoxelArray;
  grid: VolumeGrid;
  providers?: Provider[];
  threads?: number;
  prompts?: Prompts;
}

export interface InferenceDone {
  labels: Uint8Array | Uint16Array;
  modelDims: Vec3;
  patches: number;
  channels: number;
  sessionSeconds: number;
  provider: Provider;
  device?: string;
  /** Patches per session.run: the manifest's, or fewer to fit a GPU buffer. */
  batch: number;
  skipped: { provider: Provider; reason: string }[];
}

export type InferenceCalls = { run: { request: InferenceJob; reply: InferenceDone; progress: { done: number; total: number } } };

/** Sessions by model and settings: the newest is kept for the next run, older ones go once no run uses them. */
const sessions = new Map<string, SessionEntry>();
interface SessionEntry {
  opened: Promise<OpenedSession>;
  users: number;
}

async function withSession<T>(job: InferenceJob, use: (entry: SessionEntry) => Promise<T>): Promise<T> {
  const key = JSON.stringify([job.modelPath, job.manifest.sha256, job.manifest.patch, job.providers, job.threads]);
  let entry = sessions.get(key);
  if (!entry) {
    const { refused } = webgpuBatch(job.manifest);
    const created = { opened: openSession(job.modelPath, job.providers, job.threads, refused ? { webgpu: refused } : {}), users: 0 };
    created.opened.catch(() => sessions.get(key) === created && sessions.delete(key)); // a model that failed to load is tried afresh next time
    entry = created;
  }
  sessions.delete(key);
  sessions.set(key, entry); // newest last
  entry.users++;
  try {
    return await use(entry);
  } finally {
    entry.users--;
    const newest = [...sessions.keys()].at(-1);
    for (const [other, { opened, users }] of sessions) {
      if (other === newest || users) continue;
      sessions.delete(other);
      void opened.then(({ session }) => session.release(), () => undefined);
    }
  }
}

/** The blending thread, started with the first run and again after a crash. */
let blending: WorkerClient<BlendCalls> | undefined;
const blendThread = () => (blending?.alive ? blending : (blending = new WorkerClient<BlendCalls>('blendWorker', { name: 'The blending thread' })));

/** A float tensor in the model's precision. */
const floatTensor = (job: InferenceJob, data: Float32Array, shape: number[]) =>
  job.manifest.precision === 'float16' ? new Tensor('float16', toHalf(data), shape) : new Tensor('float32', data, shape);

/** The model's declared input type must be the manifest's precision: a mismatch is the manifest's error, named. */
function checkPrecision({ manifest }: InferenceJob, { session }: OpenedSession): void {
  const declared = session.inputMetadata.find((input) => input.name === manifest.input.name);
  if (declared?.isTensor && declared.type !== manifest.precision) {
    throw new VoxbenchError('InvalidManifest', `${manifest.name}: the manifest's precision is ${manifest.precision}, but the model's input ${manifest.input.name} is ${declared.type}.`);
  }
}

/** Prompt tensors for a batch, in patch-local model-grid indices [x, y, z]. */
function promptFeeds(job: InferenceJob, starts: Vec3[]): Record<string, Tensor> {
  const { prompts, manifest } = job;
  if (!prompts || !manifest.prompts) return {};
  const model = modelGridOf(job.grid, manifest);
  const local = (at: Vec3, start: Vec3) => toModelIndex(at, job.grid, model).map((c, axis) => c - start[axis]!);
  const feeds: Record<string, Tensor> = {};
  const points = prompts.points ?? [];
  if (manifest.prompts.points) {
    const data = Float32Array.from(starts.flatMap((start) => points.flatMap(({ at, positive }) => [...local(at, start), positive ? 1 : 0])));
    feeds[manifest.prompts.points] = floatTensor(job, data, [starts.length, points.length, 4]);
  }
  if (manifest.prompts.box && prompts.box) {
    const { min, max } = prompts.box;
    const data = Float32Array.from(starts.flatMap((start) => [...local(min, start), ...local(max, start)]));
    feeds[manifest.prompts.box] = floatTensor(job, data, [starts.length, 6]);
  }
  return feeds;
}

async function run(job: InferenceJob, entry: SessionEntry, { progress, signal }: Call<{ done: number; total: number }>): Promise<Transfer<InferenceDone>> {
  const { input, output } = job.manifest;
  const [px, py, pz] = job.manifest.patch.size;
  let current = await entry.opened;
  checkModelNames(job.manifest, job.manifestPath, job.modelPath, current.session);
  checkPrecision(job, current);
  const batch = current.provider === 'webgpu' ? webgpuBatch(job.manifest).batch : job.manifest.patch.batch;
  let sessionSeconds = 0;
  let patchesDone = 0;
  const runOn = async ({ session }: OpenedSession, data: Float32Array, count: number, starts: Vec3[]) => {
    const shape = input.layout === 'NCDHW' ? [count, 1, pz, py, px] : [count, 1, px, py, pz];
    const began = performance.now();
    const results = await session.run({ [input.name]: floatTensor(job, data, shape), ...promptFeeds(job, starts) });
    sessionSeconds += (performance.now() - began) / 1000;
    const values = results[output.name]!.data;
    return values instanceof Uint16Array ? fromHalf(values) : (values as Float32Array);
  };
  const runBatch: RunBatch = async (data, count, starts) => {
    try {
      return await runOn(current, data, count, starts);
    } catch (error) {
      if (current.provider === 'cpu') throw error;
      const failed = current;
      const reason = `${firstLine(error)} (at patch ${patchesDone + 1})`;
      current = { ...(await openSession(job.modelPath, ['cpu'], job.threads)), skipped: [...failed.skipped, { provider: failed.provider, reason }] };
      entry.opened = Promise.resolve(current); // the next run of this model goes straight to the CPU
      void failed.session.release();
      return runOn(current, data, count, starts);
    } finally {
      patchesDone += count;
    }
  };
  const result = await runPipeline(job.voxels, job.grid, { ...job.manifest, patch: { ...job.manifest.patch, batch } }, runBatch, {
    prompts: job.prompts,
    blender: blendInThread(blendThread()),
    cancelled: () => signal.aborted,
    onProgress: (done, total) => progress({ done, total }),
  });
  const { provider, device, skipped } = current;
  return new Transfer({ ...result, sessionSeconds, provider, ...(device && { device }), batch, skipped }, [result.labels.buffer as ArrayBuffer]);
}

serveRequests<InferenceCalls>({ run: (job, call) => withSession(job, (entry) => run(job, entry, call)) });
