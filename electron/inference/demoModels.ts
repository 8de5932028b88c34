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

/** A heavier network for timing only: two 3³ convs to `hidden` channels with ReLU, then a 1³ conv to 2 classes. */
export function benchModel(hidden: number): Uint8Array {
  const weights = (length: number, scale: number) => Float32Array.from({ length }, (_, i) => Math.sin(i + length) * scale);
  const conv = (input: string, weight: string, output: string, size: number) => ({
    op: 'Conv',
    inputs: [input, weight],
    outputs: [output],
    attributes: { kernel_shape: [size, size, size], pads: Array(6).fill((size - 1) / 2) },
  });
  return encodeOnnxModel({
    name: 'bench',
    inputs: [{ name: 'image', shape: patchShape }],
    outputs: [{ name: 'logits', shape: ['N', 2, 'D', 'H', 'W'] }],
    initializers: [
      { name: 'w1', dims: [hidden, 1, 3, 3, 3], values: weights(hidden * 27, 1 / 27) },
      { name: 'w2', dims: [hidden, hidden, 3, 3, 3], values: weights(hidden * hidden * 27, 1 / (27 * hidden)) },
      { name: 'w3', dims: [2, hidden, 1, 1, 1], values: weights(2 * hidden, 1 / hidden) },
    ],
    nodes: [
      conv('image', 'w1', 'h1', 3),
      { op: 'Relu', inputs: ['h1'], outputs: ['r1'] },
      conv('r1', 'w2', 'h2', 3),
      { op: 'Relu', inputs: ['h2'], outputs: ['r2'] },
      conv('r2', 'w3', 'logits', 1),
    ],
  });
}
