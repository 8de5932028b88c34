// Sliding-window inference as nnU-Net and MONAI do it: overlapping patches, each patch's output weighted by
// a Gaussian importance map (sigma = patch / 8) so patch borders count little, summed and divided by the
// summed weights. Patches go to the network in batches; progress per batch, cancel between batches.
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';

export type Layout = 'NCDHW' | 'NCWHD';

/** Patch starts along one axis: every `size·(1−overlap)` voxels, the last one flush with the end. */
export function patchStarts(n: number, size: number, overlap: number): number[] {
  if (n <= size) return [0];
  const step = Math.max(1, Math.floor(size * (1 - overlap)));
  const count = Math.ceil((n - size) / step) + 1;
  return Array.from({ length: count }, (_, i) => Math.min(i * step, n - size));
}

/** Every patch start: the product of the per-axis starts, x fastest. */
export function patchPositions([xs, ys, zs]: AxisStarts): Vec3[] {
  return zs.flatMap((z) => ys.flatMap((y) => xs.map((x): Vec3 => [x, y, z])));
}

export type AxisStarts = [number[], number[], number[]];

export function tiling(dims: Vec3, patch: Vec3, overlap: number): AxisStarts {
  return dims.map((n, axis) => patchStarts(n, patch[axis]!, overlap)) as AxisStarts;
}

/** One axis of the Gaussian importance map: sigma = size/8, centred as nnU-Net centres it, peak 1. */
function gaussian(n: number): Float32Array {
  const sigma = n / 8;
  const centre = Math.floor(n / 2);
  return Float32Array.from({ length: n }, (_, i) => Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma)));
}

/** The importance map over a patch, x fastest: the product of the three axes' Gaussians. */
export function gaussianImportance(patch: Vec3): Float32Array {
  const [gx, gy, gz] = patch.map(gaussian) as [Float32Array, Float32Array, Float32Array];
  const map = new Float32Array(patch[0] * patch[1] * patch[2]);
  let i = 0;
  for (let z = 0; z < patch[2]; z++) for (let y = 0; y < patch[1]; y++) for (let x = 0; x < patch[0]; x++) map[i++] = gx[x]! * gy[y]! * gz[z]!;
  return map;
}

/** Per axis, the summed Gaussian of every patch start: the summed importance at (x, y, z) is sx[x]·sy[y]·sz[z]. */
function summedAxisWeights(dims: Vec3, patch: Vec3, starts: AxisStarts): [Float32Array, Float32Array, Float32Array] {
  return dims.map((n, axis) => {
    const g = gaussian(patch[axis]!);
    const sum = new Float32Array(n);
    for (const start of starts[axis]!) for (let i = 0; i < g.length && start + i < n; i++) sum[start + i]! += g[i]!;
    return sum;
  }) as [Float32Array, Float32Array, Float32Array];
}

/**
 * Divides each channel by the summed importance, row by row: patches tile a product of per-axis starts and the
 * map is a product of per-axis Gaussians, so the sum is the product of per-axis sums (no weight volume).
 */
function divideByWeights(sums: Float32Array, channels: number, dims: Vec3, patch: Vec3, starts: AxisStarts): void {
  const [sx, sy, sz] = summedAxisWeights(dims, patch, starts);
  const size = dims[0] * dims[1] * dims[2];
  for (let c = 0; c < channels; c++) {
    let i = c * size;
    for (let z = 0; z < dims[2]; z++) {
      for (let y = 0; y < dims[1]; y++, i += dims[0]) {
        const yz = sy[y]! * sz[z]!;
        for (let x = 0; x < dims[0]; x++) sums[i + x]! /= sx[x]! * yz || 1; // voxels no patch covered stay 0
      }
    }
  }
}

/** Where the patch at `start` lies inside the volume: its size clipped to the volume. */
const clippedSize = (dims: Vec3, start: Vec3, patch: Vec3) => [0, 1, 2].map((axis) => Math.min(patch[axis]!, dims[axis]! - start[axis]!)) as Vec3;

/** Copies the patch at `start` (zero outside the volume) into `into`, in the tensor's layout; whole x-rows where x is fastest. */
function extractPatch(image: Float32Array, dims: Vec3, start: Vec3, patch: Vec3, layout: Layout, into: Float32Array): void {
  const [w, h, d] = clippedSize(dims, start, patch);
  if (w < patch[0] || h < patch[1] || d < patch[2]) into.fill(0);
  for (let z = 0; z < d; z++) {
    for (let y = 0; y < h; y++) {
      const row = ((start[2] + z) * dims[1] + start[1] + y) * dims[0] + start[0];
      if (layout === 'NCDHW') {
        into.set(image.subarray(row, row + w), (z * patch[1] + y) * patch[0]);
      } else {
        for (let x = 0; x < w; x++) into[(x * patch[1] + y) * patch[2] + z] = image[row + x]!;
      }
    }
  }
}

/** The `channels` outputs of one NCWHD patch reordered to x fastest (NCDHW), into `into`. */
function toXFastest(result: Float32Array, channels: number, patch: Vec3, into: Float32Array): Float32Array {
  const patchSize = patch[0] * patch[1] * patch[2];
  for (let c = 0; c < channels; c++) {
    const base = c * patchSize;
    for (let z = 0; z < patch[2]; z++) for (let y = 0; y < patch[1]; y++) for (let x = 0; x < patch[0]; x++) {
      into[base + (z * patch[1] + y) * patch[0] + x] = result[base + (x * patch[1] + y) * patch[2] + z]!;
    }
  }
  return into;
}

/** Adds one patch's x-fastest outputs, weighted by the importance map, into the channels × voxels sums; row by row. */
function blendPatch(sums: Float32Array, dims: Vec3, start: Vec3, patch: Vec3, result: Float32Array, channels: number, importance: Float32Array): void {
  const [w, h, d] = clippedSize(dims, start, patch);
  const size = dims[0] * dims[1] * dims[2];
  const patchSize = importance.length;
  for (let c = 0; c < channels; c++) {
    for (let z = 0; z < d; z++) {
      for (let y = 0; y < h; y++) {
        const into = c * size + ((start[2] + z) * dims[1] + start[1] + y) * dims[0] + start[0];
        const weightRow = (z * patch[1] + y) * patch[0];
        const from = c * patchSize + weightRow;
        for (let x = 0; x < w; x++) sums[into + x]! += importance[weightRow + x]! * result[from + x]!;
      }
    }
  }
}

/** What blending a batch needs: the grid, the patch and its layout, the channels, the importance map. */
export interface BlendJob {
  dims: Vec3;
  patch: Vec3;
  layout: Layout;
  channels: number;
  importance: Float32Array;
}

/** Adds one batch's outputs (count × channels × patch, in the tensor's layout) to the channels × voxels sums. */
export function blendBatch(sums: Float32Array, { dims, patch, layout, channels, importance }: BlendJob, result: Float32Array, starts: Vec3[], reordered?: Float32Array): void {
  const size = channels * importance.length;
  starts.forEach((start, b) => {
    const own = result.subarray(b * size, (b + 1) * size);
    const xFastest = layout === 'NCDHW' ? own : toXFastest(own, channels, patch, (reordered ??= new Float32Array(size)));
    blendPatch(sums, dims, start, patch, xFastest, channels, importance);
  });
}

/** Where the weighted sums are made: `add` takes each batch's outputs as they come, `sums` gives them once all are in. */
export interface Blender {
  /** Takes `result`: the caller does not read it afterwards (its buffer may move to another thread). */
  add(result: Float32Array, starts: Vec3[]): void;
  sums(): Promise<Float32Array>;
}

/** Blends in this thread, batch by batch between the network's runs. */
export function blendHere(job: BlendJob): Blender {
  const sums = new Float32Array(job.channels * job.dims[0] * job.dims[1] * job.dims[2]);
  const reordered = job.layout === 'NCDHW' ? undefined : new Float32Array(job.channels * job.importance.length);
  return { add: (result, starts) => blendBatch(sums, job, result, starts, reordered), sums: () => Promise.resolve(sums) };
}

export interface WindowOptions {
  patch: Vec3;
  overlap: number;
  batch: number;
  layout: Layout;
  /** Per-axis patch starts instead of the full tiling (prompt models run one window around the prompt). */
  starts?: AxisStarts;
  /**
   * Leave the sums undivided by the summed importance: the division is positive and the same for every channel,
   * so argmax and sign do not change and label-only callers skip a pass over every channel.
   */
  undivided?: boolean;
  /** Where the blending runs (blendHere when left out; the inference worker hands it to a thread of its own). */
  blender?: (job: BlendJob) => Blender;
}

/** Runs the network on `count` patches stacked in `input`; returns count × channels × patch outputs. */
export type RunBatch = (input: Float32Array, count: number, starts: Vec3[]) => Promise<Float32Array>;

export interface WindowHooks {
  onProgress?(done: number, total: number): void;
  cancelled?(): boolean;
}

/**
 * The Gaussian-blended network output over the whole grid: channels × voxels, x fastest (or its weighted sums, see `undivided`). onnxruntime-node's
 * session.run blocks its thread for the whole batch (hence the worker), so the cancel flag is read between batches.
 */
export async function slidingWindow(image: Float32Array, dims: Vec3, options: WindowOptions, run: RunBatch, hooks: WindowHooks = {}): Promise<{ output: Float32Array; channels: number }> {
  const { patch, batch, layout } = options;
  const axisStarts = options.starts ?? tiling(dims, patch, options.overlap);
  const positions = patchPositions(axisStarts);
  const importance = gaussianImportance(patch);
  const patchSize = importance.length;
  const input = new Float32Array(batch * patchSize);
  let blender: Blender | undefined;
  let channels = 0;
  for (let first = 0; first < positions.length; first += batch) {
    if (hooks.cancelled?.()) throw new VoxbenchError('InferenceCancelled', `Cancelled after ${first} of ${positions.length} patches.`);
    const starts = positions.slice(first, first + batch);
    starts.forEach((start, b) => extractPatch(image, dims, start, patch, layout, input.subarray(b * patchSize, (b + 1) * patchSize)));
    const result = await run(input.subarray(0, starts.length * patchSize), starts.length, starts);
    channels ||= result.length / (starts.length * patchSize);
    blender ??= (options.blender ?? blendHere)({ dims, patch, layout, channels, importance });
    blender.add(result, starts);
    hooks.onProgress?.(first + starts.length, positions.length);
  }
  const output = await blender!.sums();
  if (!options.undivided) divideByWeights(output, channels, dims, patch, axisStarts);
  return { output, channels };
}
