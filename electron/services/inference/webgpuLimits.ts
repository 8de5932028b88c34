// GPU memory checked before a run. onnxruntime-node does not report the adapter's limits, so a batch is sized
// to WebGPU's guaranteed storage-buffer binding (128 MiB, every adapter allows it) and a patch whose output
// alone passes 1 GiB (SwiftShader's largest buffer, measured; ONNX Runtime then fails on download) is refused.
import type { ModelManifest } from './manifest.js';

const guaranteedBinding = 128 * 2 ** 20;
const largestBuffer = 2 ** 30;

export interface WebgpuBatch {
  /** Patches per session.run on WebGPU: the manifest's batch, or fewer so a batch's output fits one binding. */
  batch: number;
  /** Why WebGPU must not run this model, when one patch is already too big. */
  refused?: string;
}

export function webgpuBatch({ patch, labels, precision, output }: Pick<ModelManifest, 'patch' | 'labels' | 'precision' | 'output'>): WebgpuBatch {
  const largest = Math.max(...labels.map(({ value }) => value));
  const channels = output.activation === 'sigmoid' ? largest : largest + 1;
  const bytes = patch.size[0] * patch.size[1] * patch.size[2] * Math.max(1, channels) * (precision === 'float16' ? 2 : 4);
  const mib = (n: number) => Math.ceil(n / 2 ** 20);
  if (bytes > largestBuffer) {
    return { batch: patch.batch, refused: `one ${patch.size.join('×')} patch's output (${channels} channels, ${precision}) is ${mib(bytes)} MiB, over the ${mib(largestBuffer)} MiB a WebGPU buffer may hold` };
  }
  return { batch: Math.max(1, Math.min(patch.batch, Math.floor(guaranteedBinding / bytes))) };
}
