// The bundled demo model's manifest: a 3×3×3 mean filter above 0.1 of the min-max scaled scan, at 2 mm.
import { createHash } from 'node:crypto';
import type { ModelManifest } from '../../electron/services/inference/manifest.js';

export const demoThreshold = 0.1;

export function demoManifest(model: Uint8Array): ModelManifest {
  return {
    name: 'demo-tissue',
    version: '1.0.0',
    task: 'segmentation',
    description: 'Demo: marks tissue where the 3×3×3 mean of the min-max scaled scan exceeds 0.1 (a fixed-weight network).',
    file: 'demo-tissue.onnx',
    sha256: createHash('sha256').update(model).digest('hex'),
    input: { name: 'image', layout: 'NCDHW' },
    precision: 'float32',
    output: { name: 'logits', activation: 'softmax' },
    spacing: [2, 2, 2],
    orientation: 'LPS',
    normalisation: { kind: 'minmax' },
    patch: { size: [64, 64, 64], overlap: 0.5, batch: 2 },
    labels: [{ value: 1, name: 'Tissue (demo model)', color: [230, 120, 40] }],
  };
}

/** Patch edge of the bundled prompt model: the box must fit in one 64³ window on the volume's own grid. */
export const promptDemoPatch = 64;

/** The bundled prompt model: inside the box, voxels above the box's mean intensity (on the volume's own grid). */
export function promptDemoManifest(model: Uint8Array): ModelManifest {
  return {
    name: 'demo-box-threshold',
    version: '1.0.0',
    task: 'prompt-segmentation',
    description: 'Demo prompt model: inside the box you draw, marks the voxels brighter than the mean of the box (a fixed-weight network).',
    file: 'demo-box-threshold.onnx',
    sha256: createHash('sha256').update(model).digest('hex'),
    input: { name: 'image', layout: 'NCDHW' },
    precision: 'float32',
    output: { name: 'logits', activation: 'softmax' },
    normalisation: { kind: 'none' },
    patch: { size: [promptDemoPatch, promptDemoPatch, promptDemoPatch], overlap: 0, batch: 1 },
    labels: [{ value: 1, name: 'Bright in box (demo)', color: [60, 200, 240] }],
    prompts: { box: 'box' },
  };
}
