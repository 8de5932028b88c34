// Handlers of the inference domain's contract entries, merged into host.ts's one dispatch.
import { VoxbenchError } from '../../common/errors.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { readRegion } from '../volume/model.js';
import type { InferenceResult, inferenceCalls, Provider } from '../../common/inferenceCalls.js';
import { addModel, findModel, listModels } from './library.js';
import type { Prompts } from './pipeline.js';
import { PromptPreviews } from './promptPreview.js';
import type { ModelRun } from './runner.js';

/** Voxels per class, for the result summary. */
export function labelCounts(run: Pick<ModelRun, 'labels' | 'segments'>): InferenceResult['labels'] {
  const counts = new Map<number, number>();
  for (const value of run.labels) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return run.segments.map((segment) => ({ ...segment, voxels: counts.get(segment.value) ?? 0 }));
}

interface RunParams {
  volumeId: string;
  model: string;
  job: string;
  providers?: Provider[];
  threads?: number;
  prompts?: Prompts;
}

export function inferenceHandlers({ services, emit }: HostContext): HandlersOf<typeof inferenceCalls> {
  const running = new Map<string, AbortController>();
  const previews = new PromptPreviews();

  /** One run of `model` on the whole volume, with progress on the job's stream; prompt models only with `prompts`. */
  const runOnVolume = async ({ volumeId, model, job, providers, threads, prompts }: RunParams) => {
    if (running.has(job)) throw new VoxbenchError('JobRunning', `A run named ${job} is already going.`);
    const { info, source } = services.volumes.get(volumeId);
    const pkg = await findModel(services.models, model);
    const interactive = pkg.manifest.task === 'prompt-segmentation';
    if (interactive !== Boolean(prompts)) {
      throw new VoxbenchError('WrongModelTask', interactive ? `${model} is a prompt model: give it a point or a box and accept its preview.` : `${model} takes no prompts: run it on the whole volume.`);
    }
    if (pkg.manifest.prompts?.box && !prompts?.box) throw new VoxbenchError('MissingPrompt', `${model} needs a box: drag one in a slice view first.`);
    const controller = new AbortController();
    running.set(job, controller);
    try {
      const grid = { dims: info.dims, spacing: info.spacing, direction: info.direction };
      const report = (done: number, total: number, message: string) => emit('progress', { job, done, total, message });
      report(0, 1, `${model}: reading ${info.name}`);
      const run = await services.inference.run(pkg, () => readRegion(source, { min: [0, 0, 0], max: info.dims }), grid, {
        providers,
        threads,
        prompts,
        signal: controller.signal,
        onProgress: (done, total) => report(done, total, `${model} on ${info.name}: patch ${done} of ${total}`),
      });
      report(1, 1, `${model}: done on ${info.name}`);
      return run;
    } finally {
      running.delete(job);
    }
  };

  const importRun = (volumeId: string, run: ModelRun) => services.segments.importLabels(volumeId, run.labels, run.segments, { source: 'inference', ...run.provenance });

  return {
    'inference.models': () => listModels(services.models),
    'inference.addModel': ({ manifestPath, modelPath }) => addModel(services.models, manifestPath, modelPath),
    'inference.run': async (params) => {
      const run = await runOnVolume(params);
      const { info: segmentation } = await importRun(params.volumeId, run);
      const { provider, device, skippedProviders, seconds, patches } = run.provenance;
      return { job: params.job, model: params.model, provider, ...(device && { device }), skippedProviders, seconds, patches, labels: labelCounts(run), segmentation };
    },
    'inference.preview': async (params) => previews.hold(params.volumeId, await runOnVolume(params)),
    'inference.accept': async ({ volumeId }) => (await importRun(volumeId, previews.take(volumeId))).info,
    'inference.reject': async ({ volumeId }) => {
      previews.drop(volumeId);
      return null;
    },
    'inference.cancel': async ({ job }) => {
      running.get(job)?.abort();
      return null;
    },
  };
}
