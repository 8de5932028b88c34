// The Inference panel's state: the model library, the chosen model, and the run in progress or just done.
import { create } from 'zustand';
import type { Client, ResultOf } from '../../electron/contract';

type ModelEntry = ResultOf<'inference.models'>[number];
type InferenceResult = ResultOf<'inference.run'>;

interface InferenceState {
  models: ModelEntry[];
  chosen?: string;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  job?: string;
  progress: { done: number; total: number; message: string };
  result?: InferenceResult;
  message: string;
  load(client: Client): Promise<void>;
  choose(name: string): void;
  run(client: Client, volumeId: string): Promise<InferenceResult | undefined>;
  cancel(client: Client): Promise<void>;
  /** Adds the .json + .onnx pair the user picked or dropped. */
  add(client: Client, files: File[]): Promise<void>;
}

let runs = 0;

export const useInference = create<InferenceState>((set, get) => ({
  models: [],
  status: 'idle',
  progress: { done: 0, total: 0, message: '' },
  message: '',

  async load(client) {
    const models = await client.call('inference.models', {});
    const usable = models.filter((model) => !model.problem && model.task === 'segmentation');
    set({ models, chosen: get().chosen ?? usable[0]?.name });
  },

  choose: (chosen) => set({ chosen }),

  async run(client, volumeId) {
    const model = get().chosen;
    if (!model || get().status === 'running') return undefined;
    const job = `inference-${++runs}`;
    set({ status: 'running', job, result: undefined, message: '', progress: { done: 0, total: 0, message: `Starting ${model}…` } });
    const stop = client.on('progress', (progress) => progress.job === job && set({ progress }));
    try {
      const result = await client.call('inference.run', { volumeId, model, job });
      set({ status: 'done', result, message: `${model} ran on ${result.provider.toUpperCase()} in ${result.seconds.toFixed(1)} s` });
      return result;
    } catch (error) {
      const { kind, message } = error as { kind?: string; message: string };
      set({ status: kind === 'InferenceCancelled' ? 'cancelled' : 'error', message });
      return undefined;
    } finally {
      stop();
    }
  },

  async cancel(client) {
    const { job } = get();
    if (job) await client.call('inference.cancel', { job });
  },

  async add(client, files) {
    const manifest = files.find((file) => file.name.endsWith('.json'));
    const model = files.find((file) => file.name.endsWith('.onnx'));
    if (!manifest || !model) return set({ status: 'error', message: 'Add a model as a pair: its .json manifest and its .onnx file, together.' });
    try {
      const entry = await client.call('inference.addModel', { manifestPath: await client.pathOf(manifest), modelPath: await client.pathOf(model) });
      await get().load(client);
      set({ chosen: entry.name, status: 'idle', message: `Added ${entry.name} ${entry.version}.` });
    } catch (error) {
      set({ status: 'error', message: (error as Error).message });
    }
  },
}));
