// The inference worker, kept for the session's life: opens the session on the best provider (and keeps the
// last one for the next run of the same model), runs the pipeline, reports per batch and stops at the next
// batch once the host cancels the run.
import { Tensor } from 'onnxruntime-node';
import type { Vec3 } from '../../common/contract.js';
import { serveRequests, Transfer, type Call } from '../../workers/serve.js';
import type { VoxelArray } from '../volume/model.js';
import type { ModelManifest } from './manifest.js';
import { checkModelNames } from './modelNames.js';
import { modelGridOf, runPipeline, toModelIndex, type Prompts, type VolumeGrid } from './pipeline.js';
import type { Provider } from '../../common/inferenceCalls.js';
import { openSession, type OpenedSession } from './providers.js';
import type { RunBatch } from './slidingWindow.js';

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
  skipped: { provider: Provider; reason: string }[];
}

export type InferenceCalls = { run: { request: InferenceJob; reply: InferenceDone; progress: { done: number; total: number } } };

/** Sessions by model and settings: the newest is kept for the next run, older ones go once no run uses them. */
const sessions = new Map<string, { opened: Promise<OpenedSession>; users: number }>();

async function withSession<T>(job: InferenceJob, use: (opened: OpenedSession) => Promise<T>): Promise<T> {
  const key = JSON.stringify([job.modelPath, job.manifest.sha256, job.providers, job.threads]);
  let entry = sessions.get(key);
  if (!entry) {
    const created = { opened: openSession(job.modelPath, job.providers, job.threads), users: 0 };
    created.opened.catch(() => sessions.get(key) === created && sessions.delete(key)); // a model that failed to load is tried afresh next time
    entry = created;
  }
  sessions.delete(key);
  sessions.set(key, entry); // newest last
  entry.users++;
  try {
    return await use(await entry.opened);
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
    feeds[manifest.prompts.points] = new Tensor('float32', data, [starts.length, points.length, 4]);
  }
  if (manifest.prompts.box && prompts.box) {
    const { min, max } = prompts.box;
    const data = Float32Array.from(starts.flatMap((start) => [...local(min, start), ...local(max, start)]));
    feeds[manifest.prompts.box] = new Tensor('float32', data, [starts.length, 6]);
  }
  return feeds;
}

async function run(job: InferenceJob, { session, provider, skipped }: OpenedSession, { progress, signal }: Call<{ done: number; total: number }>): Promise<Transfer<InferenceDone>> {
  const { input, output } = job.manifest;
  checkModelNames(job.manifest, job.manifestPath, job.modelPath, session);
  const [px, py, pz] = job.manifest.patch.size;
  let sessionSeconds = 0;
  const runBatch: RunBatch = async (data, count, starts) => {
    const shape = input.layout === 'NCDHW' ? [count, 1, pz, py, px] : [count, 1, px, py, pz];
    const began = performance.now();
    const results = await session.run({ [input.name]: new Tensor('float32', data, shape), ...promptFeeds(job, starts) });
    sessionSeconds += (performance.now() - began) / 1000;
    return results[output.name]!.data as Float32Array;
  };
  const result = await runPipeline(job.voxels, job.grid, job.manifest, runBatch, {
    prompts: job.prompts,
    cancelled: () => signal.aborted,
    onProgress: (done, total) => progress({ done, total }),
  });
  return new Transfer({ ...result, sessionSeconds, provider, skipped }, [result.labels.buffer as ArrayBuffer]);
}

serveRequests<InferenceCalls>({ run: (job, call) => withSession(job, (opened) => run(job, opened, call)) });
