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

/**
 * A box-prompt model on a fixed `size`³ patch: inside the box [x0, y0, z0, x1, y1, z1] (patch-local voxel
 * indices, inclusive), class 1 where the image exceeds the box's mean; logits (0, image − mean) inside, (0, −1)
 * outside. Opset 11, whose Split/Unsqueeze/ReduceSum take their axes as attributes (the writer has float
 * initialisers only).
 */
export function boxThresholdModel(size: number): Uint8Array {
  const scalar = (name: string, value: number) => ({ name, dims: [], values: Float32Array.of(value) });
  const nodes: OnnxGraph['nodes'] = [
    { op: 'Split', inputs: ['box'], outputs: ['x0f', 'y0f', 'z0f', 'x1f', 'y1f', 'z1f'], attributes: { axis: 1, split: [1, 1, 1, 1, 1, 1] } },
    { op: 'Range', inputs: ['zero', 'size', 'one'], outputs: ['range'] },
  ];
  const inside: string[] = [];
  // Patch axes are (z, y, x) in NCDHW: x varies along the last one.
  (['x', 'y', 'z'] as const).forEach((axis, i) => {
    const keep = 4 - i;
    nodes.push(
      { op: 'Unsqueeze', inputs: ['range'], outputs: [`g${axis}`], attributes: { axes: [0, 1, 2, 3, 4].filter((a) => a !== keep) } },
      { op: 'Unsqueeze', inputs: [`${axis}0f`], outputs: [`${axis}0`], attributes: { axes: [2, 3, 4] } },
      { op: 'Unsqueeze', inputs: [`${axis}1f`], outputs: [`${axis}1`], attributes: { axes: [2, 3, 4] } },
      { op: 'Less', inputs: [`g${axis}`, `${axis}0`], outputs: [`${axis}below`] },
      { op: 'Greater', inputs: [`g${axis}`, `${axis}1`], outputs: [`${axis}above`] },
      { op: 'Or', inputs: [`${axis}below`, `${axis}above`], outputs: [`${axis}out`] },
      { op: 'Not', inputs: [`${axis}out`], outputs: [`${axis}in`] },
    );
    inside.push(`${axis}in`);
  });
  nodes.push(
    { op: 'And', inputs: [inside[0]!, inside[1]!], outputs: ['xyin'] },
    { op: 'And', inputs: ['xyin', inside[2]!], outputs: ['inbox'] },
    { op: 'Cast', inputs: ['inbox'], outputs: ['mask'], attributes: { to: 1 } },
    { op: 'Mul', inputs: ['image', 'mask'], outputs: ['masked'] },
    { op: 'ReduceSum', inputs: ['masked'], outputs: ['total'], attributes: { axes: [1, 2, 3, 4], keepdims: 1 } },
    { op: 'ReduceSum', inputs: ['mask'], outputs: ['count'], attributes: { axes: [1, 2, 3, 4], keepdims: 1 } },
    { op: 'Div', inputs: ['total', 'count'], outputs: ['mean'] },
    { op: 'Sub', inputs: ['image', 'mean'], outputs: ['above'] },
    { op: 'Mul', inputs: ['above', 'mask'], outputs: ['insideScore'] },
    { op: 'Sub', inputs: ['one', 'mask'], outputs: ['outsideMask'] },
    { op: 'Sub', inputs: ['insideScore', 'outsideMask'], outputs: ['foreground'] },
    { op: 'Mul', inputs: ['mask', 'zero'], outputs: ['background'] },
    { op: 'Concat', inputs: ['background', 'foreground'], outputs: ['logits'], attributes: { axis: 1 } },
  );
  return encodeOnnxModel({
    name: 'box_threshold',
    opset: 11,
    inputs: [
      { name: 'image', shape: ['N', 1, size, size, size] },
      { name: 'box', shape: ['N', 6] },
    ],
    outputs: [{ name: 'logits', shape: ['N', 2, size, size, size] }],
    initializers: [scalar('zero', 0), scalar('one', 1), scalar('size', size)],
    nodes,
  });
}
