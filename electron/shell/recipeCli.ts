// voxbench recipe run: a recipe replayed on a scan without a window, its labelmap written to a file. The batch
// worker on cluster nodes runs exactly this, one scan per task.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { VoxbenchError } from '../common/errors.js';
import { readRecipe } from '../services/batch/recipeFile.js';
import { replayRecipe } from '../services/batch/replayRecipe.js';
import { exportSegmentation } from '../services/segment/exportSegmentation.js';
import { createServices, openVolume } from '../services/services.js';
import { appRoot } from './appRoot.js';
import { noDialogs } from './noDialogs.js';
import { recipeUsage } from './cliUsage.js';

export interface RecipeRunOptions {
  /** The model library's user folder (a batch job's models on a cluster node). */
  modelsDir?: string;
  /** Where to write, as one JSON line, the models run and where each ran (a batch task's result reads it). */
  ranPath?: string;
}

/** Replays `recipePath` on `scanPath` and writes the labelmap to `outPath`; returns the steps run and the seconds taken. */
export async function runRecipeOnScan(recipePath: string, scanPath: string, outPath: string, options: RecipeRunOptions = {}): Promise<{ steps: number; seconds: number }> {
  const began = performance.now();
  const recipe = await readRecipe(resolve(recipePath));
  const services = createServices({ root: appRoot, transport: 'browser', dialogs: noDialogs, ...(options.modelsDir && { modelsDir: resolve(options.modelsDir) }) });
  try {
    const { id } = await openVolume(services, () => undefined, scanPath);
    const { models } = await replayRecipe(services, recipe, id);
    await exportSegmentation(services, id, resolve(outPath));
    if (options.ranPath) await writeFile(options.ranPath, JSON.stringify(models));
    return { steps: recipe.steps.length, seconds: (performance.now() - began) / 1000 };
  } finally {
    await services.close();
  }
}

export async function recipe(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { output: { type: 'string', short: 'o' }, models: { type: 'string' }, ran: { type: 'string' } }, allowPositionals: true });
  const [action, recipePath, scanPath] = positionals;
  if (action !== 'run' || !recipePath || !scanPath || !values.output) throw new VoxbenchError('Usage', recipeUsage);
  const { steps, seconds } = await runRecipeOnScan(recipePath, scanPath, values.output, { modelsDir: values.models, ranPath: values.ran });
  console.log(`ran ${steps} steps on ${scanPath} in ${seconds.toFixed(2)} s; wrote ${values.output}`);
}
