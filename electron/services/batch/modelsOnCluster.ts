// A recipe's models on the cluster: each .onnx once, under its SHA-256 in the user's Voxbench folder there (streamed
// to a partial file renamed into place when whole), and the job's own models/ folder holding each manifest beside a link
// to that file, which every task's `recipe run --models` reads as its library.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { VoxbenchError } from '../../common/errors.js';
import type { Recipe } from '../../common/recipe.js';
import type { ModelFolders } from '../inference/library.js';
import { shellWord, type Cluster } from './cluster.js';
import { byteTally, type UploadProgress } from './contentUpload.js';
import { modelOfStep, type ModelStep } from './replayRecipe.js';

export async function installModels(cluster: Cluster, recipe: Recipe, folders: ModelFolders | undefined, remoteRoot: string, jobDir: string, progress?: UploadProgress): Promise<void> {
  const steps = [...new Map(recipe.steps.filter((step): step is ModelStep => step.kind === 'model').map((step) => [step.model, step])).values()];
  if (steps.length && !folders) throw new VoxbenchError('NoModelLibrary', `The recipe runs ${steps.map((step) => step.model).join(', ')}, but no model library was given to find them in.`);
  for (const step of steps) {
    const pkg = await modelOfStep(folders!, step);
    const stored = `${remoteRoot}/models/${step.sha256}.onnx`;
    if ((await cluster.exec(`test -f ${shellWord(stored)}`)).code !== 0) {
      const partial = `${stored}.partial-${randomBytes(6).toString('hex')}`;
      await cluster.putFile(partial, pkg.modelPath, 0o644, byteTally((await stat(pkg.modelPath)).size, `model ${step.model}`, progress));
      // Two submitters racing store the same bytes: either rename serves.
      await cluster.exec(`mv -f ${shellWord(partial)} ${shellWord(stored)}`);
    }
    const linked = `${jobDir}/models/${step.model}`;
    await cluster.writeFile(`${linked}.json`, `${JSON.stringify({ ...pkg.manifest, file: `${step.model}.onnx` })}\n`);
    const link = await cluster.exec(`ln -sfn ${shellWord(stored)} ${shellWord(`${linked}.onnx`)}`);
    if (link.code !== 0) throw new VoxbenchError('ModelInstallFailed', `Could not link ${stored} into ${jobDir}/models: ${link.stderr.trim()}`);
  }
}
