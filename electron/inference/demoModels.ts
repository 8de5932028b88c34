// Fixed-weight networks whose right answer is known without them: the bundled demo model and the bench's.
import { encodeOnnxModel, type OnnxGraph } from './onnxWriter.js';

const patchShape = ['N', 1, 'D', 'H', 'W'];

/**
 * Two-class logits of a 3×3×3 mean filter against `threshold` (zero padding): channel 0 = t − mean,
 * channel 1 = mean − t, so argmax is 1 exactly where mean > t.
 */
export function meanThresholdModel(threshold: number): Uint8Array {
  const weights = new Float32Array(2 * 27);
  weights.fill(-1 / 27, 0, 27).fill(1 / 27, 27);
  const graph: OnnxGraph = {
    name: 'mean_threshold',
    inputs: [{ name: 'image', shape: patchShape }],
    outputs: [{ name: 'logits', shape: ['N', 2, 'D', 'H', 'W'] }],
    initializers: [
      { name: 'w', dims: [2, 1, 3, 3, 3], values: weights },
      { name: 'b', dims: [2], values: Float32Array.of(threshold, -threshold) },
    ],
    nodes: [{ op: 'Conv', inputs: ['image', 'w', 'b'], outputs: ['logits'], attributes: { kernel_shape: [3, 3, 3], pads: [1, 1, 1, 1, 1, 1] } }],
  };
  return encodeOnnxModel(graph);
}

/** A heavier two-layer network (3³ conv to `hidden` channels, ReLU, 1³ conv to 2) for timing only. */
export function benchModel(hidden: number): Uint8Array {
  const w1 = Float32Array.from({ length: hidden * 27 }, (_, i) => Math.sin(i) / 27);
  const w2 = Float32Array.from({ length: 2 * hidden }, (_, i) => Math.cos(i) / hidden);
  return encodeOnnxModel({
    name: 'bench',
    inputs: [{ name: 'image', shape: patchShape }],
    outputs: [{ name: 'logits', shape: ['N', 2, 'D', 'H', 'W'] }],
    initializers: [
      { name: 'w1', dims: [hidden, 1, 3, 3, 3], values: w1 },
      { name: 'b1', dims: [hidden], values: new Float32Array(hidden) },
      { name: 'w2', dims: [2, hidden, 1, 1, 1], values: w2 },
    ],
    nodes: [
      { op: 'Conv', inputs: ['image', 'w1', 'b1'], outputs: ['h'], attributes: { kernel_shape: [3, 3, 3], pads: [1, 1, 1, 1, 1, 1] } },
      { op: 'Relu', inputs: ['h'], outputs: ['r'] },
      { op: 'Conv', inputs: ['r', 'w2'], outputs: ['logits'], attributes: { kernel_shape: [1, 1, 1] } },
    ],
  });
}
