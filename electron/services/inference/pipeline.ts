// The whole run on one volume in memory: to the model's grid and orientation, normalise, sliding window,
// activation, back to the volume's grid, labels. Pure apart from the network call, so tests and the bench
// drive it directly; the app runs it in a worker (worker.ts).
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { VoxelArray } from '../volume/model.js';
import type { ModelManifest } from './manifest.js';
import { normalise } from './normalise.js';
import { invertAxes, orientationAxes, resample, targetDims, type AxisMap } from './resample.js';
import { slidingWindow, type AxisStarts, type RunBatch, type WindowHooks, type WindowOptions } from './slidingWindow.js';

export interface VolumeGrid {
  dims: Vec3;
  spacing: Vec3;
  /** 3×3 row-major; column j is the LPS direction of index axis j. */
  direction: number[];
}

/** Prompts of interactive models, in voxel indices [x, y, z] of the volume. */
export interface Prompts {
  points?: { at: Vec3; positive: boolean }[];
  box?: { min: Vec3; max: Vec3 };
}

/** Where the volume sits on the model's grid. */
export interface ModelGrid {
  axes: AxisMap;
  dims: Vec3;
}

export function modelGridOf(grid: VolumeGrid, manifest: Pick<ModelManifest, 'orientation' | 'spacing'>): ModelGrid {
  const axes = orientationAxes(grid.direction, manifest.orientation);
  return { axes, dims: targetDims(grid.dims, grid.spacing, axes, manifest.spacing) };
}

const isIdentity = (grid: VolumeGrid, model: ModelGrid) =>
  model.axes.every(({ from, flip }, to) => from === to && !flip) && model.dims.every((n, axis) => n === grid.dims[axis]);

/** A volume voxel index as a continuous index of the model grid. */
export function toModelIndex(at: Vec3, grid: VolumeGrid, model: ModelGrid): Vec3 {
  return model.axes.map(({ from, flip }, to) => {
    const n = grid.dims[from]!;
    const u = flip ? n - 1 - at[from]! : at[from]!;
    return ((u + 0.5) * model.dims[to]!) / n - 0.5;
  }) as Vec3;
}

/** Softmax over channels (or sigmoid per channel), in place. */
export function activate(values: Float32Array, channels: number, activation: ModelManifest['output']['activation']): void {
  const size = values.length / channels;
  if (activation === 'sigmoid') {
    for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + Math.exp(-values[i]!));
  } else if (activation === 'softmax') {
    for (let i = 0; i < size; i++) {
      let max = -Infinity;
      for (let c = 0; c < channels; c++) max = Math.max(max, values[c * size + i]!);
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += values[c * size + i] = Math.exp(values[c * size + i]! - max);
      for (let c = 0; c < channels; c++) values[c * size + i]! /= sum;
    }
  }
}

/** Label per voxel: the argmax channel, or for sigmoid outputs 1 + the strongest channel above `threshold`. Channel
 * by channel, each a contiguous run, against the best value so far (ties keep the lower channel). */
export function toLabels(values: Float32Array, channels: number, threshold?: number): Uint8Array | Uint16Array {
  const size = values.length / channels;
  const labels = channels + 1 > 256 ? new Uint16Array(size) : new Uint8Array(size);
  const sigmoid = threshold !== undefined;
  const best = sigmoid ? new Float32Array(size).fill(threshold) : values.slice(0, size);
  for (let c = sigmoid ? 0 : 1; c < channels; c++) {
    const channel = values.subarray(c * size, (c + 1) * size);
    const label = sigmoid ? c + 1 : c;
    for (let i = 0; i < size; i++) {
      if (channel[i]! > best[i]!) {
        best[i] = channel[i]!;
        labels[i] = label;
      }
    }
  }
  return labels;
}

export interface PipelineResult {
  labels: Uint8Array | Uint16Array;
  modelDims: Vec3;
  patches: number;
  channels: number;
}

export async function runPipeline(
  voxels: VoxelArray,
  grid: VolumeGrid,
  manifest: ModelManifest,
  run: RunBatch,
  hooks: WindowHooks & { prompts?: Prompts; blender?: WindowOptions['blender'] } = {},
): Promise<PipelineResult> {
  const model = modelGridOf(grid, manifest);
  const identity = isIdentity(grid, model);
  const resampled = identity ? undefined : resample(voxels, grid.dims, model.dims, model.axes, 'linear');
  const image = normalise(resampled ?? voxels, manifest.normalisation, resampled);
  const patch = manifest.patch.size;
  const starts = manifest.task === 'prompt-segmentation' ? promptWindow(hooks.prompts ?? {}, grid, model, patch) : undefined;
  let patches = 0;
  const { output, channels } = await slidingWindow(image, model.dims, { ...manifest.patch, patch, layout: manifest.input.layout, starts, undivided: identity, blender: hooks.blender }, run, {
    cancelled: hooks.cancelled,
    onProgress: (done, total) => {
      patches = total;
      hooks.onProgress?.(done, total);
    },
  });
  const { activation } = manifest.output;
  const sigmoid = activation === 'sigmoid';
  // On the volume's own grid the activation can be skipped (as the window skipped its division): argmax of logits is argmax of softmax, sigmoid > 0.5 is logit > 0.
  if (identity) return { labels: toLabels(output, channels, sigmoid ? 0 : undefined), modelDims: model.dims, patches, channels };
  activate(output, channels, activation);
  const back = resample(output, model.dims, grid.dims, invertAxes(model.axes), 'linear', channels);
  return { labels: toLabels(back, channels, sigmoid ? 0.5 : undefined), modelDims: model.dims, patches, channels };
}

/** Prompt models see one window centred on the prompts (clamped inside the grid). */
function promptWindow(prompts: Prompts, grid: VolumeGrid, model: ModelGrid, patch: Vec3): AxisStarts {
  const points = [...(prompts.points ?? []).map(({ at }) => at), ...(prompts.box ? [prompts.box.min, prompts.box.max] : [])];
  if (!points.length) throw new VoxbenchError('MissingPrompt', 'This model needs a point or a box: click in a slice view first.');
  const centre = [0, 1, 2].map((axis) => points.reduce((sum, p) => sum + p[axis]!, 0) / points.length) as Vec3;
  const at = toModelIndex(centre, grid, model);
  return at.map((c, axis) => [Math.max(0, Math.min(Math.round(c - patch[axis]! / 2), model.dims[axis]! - patch[axis]!))]) as AxisStarts;
}
