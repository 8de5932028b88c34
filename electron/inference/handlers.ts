// Handlers of the inference domain's contract entries, merged into host.ts's one dispatch.
import { VoxbenchError } from '../errors.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { readRegion } from '../volume/model.js';
import type { InferenceResult, inferenceCalls } from './calls.js';
import { addModel, findModel, listModels } from './library.js';
import { runModel, type ModelRun } from './runner.js';

/** Voxels per class, for the result summary. */
export function labelCounts(run: Pick<ModelRun, 'labels' | 'segments'>): InferenceResult['labels'] {
  const counts = new Map<number, number>();
  for (const value of run.labels) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return run.segments.map((segment) => ({ ...segment, voxels: counts.get(segment.value) ?? 0 }));
}

export function inferenceHandlers({ services, emit }: HostContext): HandlersOf<typeof inferenceCalls> {
  const running = new Map<string, AbortController>();
  return {
    'inference.models': () => listModels(services.models),
    'inference.addModel': ({ manifestPath, modelPath }) => addModel(services.models, manifestPath, modelPath),
    'inference.run': async ({ volumeId, model, job, providers, threads, prompts }) => {
      if (running.has(job)) throw new VoxbenchError('JobRunning', `A run named ${job} is already going.`);
      const { info, source } = services.volumes.get(volumeId);
      const pkg = await findModel(services.models, model);
      const controller = new AbortController();
      running.set(job, controller);
      try {
        const grid = { dims: info.dims, spacing: info.spacing, direction: info.direction };
        const report = (done: number, total: number, message: string) => emit('progress', { job, done, total, message });
        report(0, 1, `${model}: reading ${info.name}`);
        const run = await runModel(pkg, () => readRegion(source, { min: [0, 0, 0], max: info.dims }), grid, {
          providers,
          threads,
          prompts,
          signal: controller.signal,
          onProgress: (done, total) => report(done, total, `${model} on ${info.name}: patch ${done} of ${total}`),
        });
        report(1, 1, `${model}: adding its segments to ${info.name}`);
        const { info: segmentation } = await services.segments.importLabels(volumeId, run.labels, run.segments, { source: 'inference', ...run.provenance });
        const { provider, skippedProviders, seconds, patches } = run.provenance;
        return { job, model, provider, skippedProviders, seconds, patches, labels: labelCounts(run), segmentation };
      } finally {
        running.delete(job);
      }
    },
    'inference.cancel': async ({ job }) => {
      running.get(job)?.abort();
      return null;
    },
  };
}
