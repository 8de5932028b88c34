// The manifest names the model's input, output and prompt tensors; a name the model does not have would
// reach ONNX Runtime as "input 'image' is missing in 'feeds'": say which manifest field and what the model has.
import { basename } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { ModelManifest } from './manifest.js';

export interface ModelTensorNames {
  inputNames: readonly string[];
  outputNames: readonly string[];
}

const listed = (names: readonly string[]) => names.map((name) => `'${name}'`).join(', ') || 'none';

/** Throws ModelMismatch naming the manifest, its first field whose tensor the model lacks, and the model's real names. */
export function checkModelNames(manifest: Pick<ModelManifest, 'input' | 'output' | 'prompts'>, manifestPath: string, modelPath: string, model: ModelTensorNames): void {
  const wanted: [field: string, name: string | undefined, kind: 'input' | 'output'][] = [
    ['input.name', manifest.input.name, 'input'],
    ['prompts.points', manifest.prompts?.points, 'input'],
    ['prompts.box', manifest.prompts?.box, 'input'],
    ['output.name', manifest.output.name, 'output'],
  ];
  for (const [field, name, kind] of wanted) {
    const real = kind === 'input' ? model.inputNames : model.outputNames;
    if (name === undefined || real.includes(name)) continue;
    throw new VoxbenchError(
      'ModelMismatch',
      `${basename(manifestPath)}: ${field} is '${name}', but ${basename(modelPath)} has no ${kind} of that name. Its inputs are ${listed(model.inputNames)}; its outputs are ${listed(model.outputNames)}.`,
    );
  }
}
