// The Inference panel's state: the model library, the chosen model, the run in progress (its progress is a job in
// jobs.ts) or just done, and for
// prompt models the points and box placed on the slices and the preview waiting for Accept or Reject.
import { create } from 'zustand';
import type { ResultOf, Vec3 } from '../../electron/common/contract';
import { client } from '../client/client';
import { inferenceJobId } from './jobIds';
import { track } from './jobs';

type ModelEntry = ResultOf<'inference.models'>[number];
type InferenceResult = ResultOf<'inference.run'>;
export type PromptPreview = ResultOf<'inference.preview'>;

/** Prompts in voxel indices [x, y, z] of the full volume; the box's corners inclusive. */
export interface Prompts {
  points: { at: Vec3; positive: boolean }[];
  box?: { min: Vec3; max: Vec3 };
}

interface InferenceState {
  models: ModelEntry[];
  chosen?: string;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  job?: string;
  result?: InferenceResult;
  message: string;
  load(): Promise<void>;
  choose(name: string): void;
  run(volumeId: string): Promise<InferenceResult | undefined>;
  cancel(): Promise<void>;
  /** Adds the .json + .onnx pair the user picked or dropped. */
  add(files: File[]): Promise<void>;
  prompts: Prompts;
  /** The next click places a negative point. */
  negative: boolean;
  preview?: PromptPreview;
  /** True while the chosen model takes prompts: the left button then places them. */
  prompting(): boolean;
  addPoint(at: Vec3): void;
  setBox(box: Prompts['box']): void;
  setNegative(negative: boolean): void;
  clearPrompts(): void;
  /** Runs the chosen prompt model on the prompts; its answer waits as `preview`. */
  runPrompt(volumeId: string): Promise<void>;
  accept(volumeId: string): Promise<void>;
  reject(volumeId: string): Promise<void>;
}

export const useInference = create<InferenceState>((set, get) => {
  /** Runs `start` as a job of the chosen model with its progress on the panel; `done` says what to keep of the answer. */
  async function tracked<T>(start: (model: string, job: string) => Promise<T>, done: (answer: T) => Partial<InferenceState>): Promise<T | undefined> {
    const model = get().chosen;
    if (!model || get().status === 'running') return undefined;
    const job = inferenceJobId();
    set({ status: 'running', job, result: undefined, preview: undefined, message: '' });
    try {
      const answer = await track({ id: job, kind: 'inference', label: `Running ${model}`, message: `Starting ${model}…`, cancel: () => void get().cancel() }, () =>
        start(model, job),
      );
      set({ status: 'done', ...done(answer) });
      return answer;
    } catch (error) {
      const { kind, message } = error as { kind?: string; message: string };
      set({ status: kind === 'InferenceCancelled' ? 'cancelled' : 'error', message });
      return undefined;
    }
  }

  return {
  models: [],
  prompts: { points: [] },
  negative: false,
  status: 'idle',
  message: '',

  async load() {
    const models = await client().call('inference.models', {});
    // Whole-volume models first, so the default is one that runs without prompts.
    const usable = models.filter((model) => !model.problem).sort((a, b) => Number(a.prompts) - Number(b.prompts));
    set({ models: usable, chosen: get().chosen ?? usable[0]?.name });
  },

  // A preview left on screen belongs to the model just put down; the next preview replaces it on the main side.
  choose: (chosen) => set({ chosen, prompts: { points: [] }, preview: undefined }),

  async run(volumeId) {
    return tracked((model, job) => client().call('inference.run', { volumeId, model, job }), (result) => ({
      result,
      message: `${result.model} ran on ${result.provider.toUpperCase()}${result.device ? ` (${result.device})` : ''} in ${result.seconds.toFixed(1)} s`,
    }));
  },

  prompting: () => Boolean(get().models.find((model) => model.name === get().chosen)?.prompts),
  addPoint: (at) => set(({ prompts, negative }) => ({ prompts: { ...prompts, points: [...prompts.points, { at, positive: !negative }] } })),
  setBox: (box) => set(({ prompts }) => ({ prompts: { ...prompts, box } })),
  setNegative: (negative) => set({ negative }),
  clearPrompts: () => set({ prompts: { points: [] } }),

  async runPrompt(volumeId) {
    const { points, box } = get().prompts;
    await tracked((model, job) => client().call('inference.preview', { volumeId, model, job, prompts: { points, ...(box && { box }) } }), (preview) => ({
      preview,
      message: `${preview.model}: ${preview.voxels.toLocaleString()} voxels in ${preview.seconds.toFixed(1)} s. Accept or reject.`,
    }));
  },

  async accept(volumeId) {
    try {
      const segmentation = await client().call('inference.accept', { volumeId });
      set({ preview: undefined, prompts: { points: [] }, status: 'idle', message: `Accepted as ${segmentation.segments.at(-1)?.name}.` });
    } catch (error) {
      set({ preview: undefined, status: 'error', message: (error as Error).message });
    }
  },

  async reject(volumeId) {
    set({ preview: undefined, status: 'idle', message: 'Rejected.' });
    await client().call('inference.reject', { volumeId });
  },

  async cancel() {
    const { job } = get();
    if (job) await client().call('inference.cancel', { job });
  },

  async add(files) {
    const manifest = files.find((file) => file.name.endsWith('.json'));
    const model = files.find((file) => file.name.endsWith('.onnx'));
    if (!manifest || !model) return set({ status: 'error', message: 'Add a model as a pair: its .json manifest and its .onnx file, together.' });
    try {
      const entry = await client().call('inference.addModel', { manifestPath: await client().pathOf(manifest), modelPath: await client().pathOf(model) });
      await get().load();
      set({ chosen: entry.name, status: 'idle', message: `Added ${entry.name} ${entry.version}.` });
    } catch (error) {
      set({ status: 'error', message: (error as Error).message });
    }
  },
};
});
