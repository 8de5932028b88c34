// Replays a recipe on an open scan through the same segment store and tools as the interactive session: world
// positions become this scan's voxel indices (rounded to the nearest voxel), model steps run the library's model
// of the recorded hash. On the scan the recipe came from, the labelmap is the one the session made, bit for bit.
import { VoxbenchError } from '../../common/errors.js';
import type { Recipe, RecipeOperation, RecipeStep } from '../../common/recipe.js';
import { operationSchema, type Operation, type SegmentationInfo } from '../../common/segmentCalls.js';
import { findModel } from '../inference/library.js';
import { readRegion } from '../volume/model.js';
import { toolOf } from '../segment/tools/segmentTools.js';
import type { Grid } from '../segment/tools/worldPositions.js';
import type { Services } from '../services.js';

/** The segment tool's operation on this scan: world positions become its voxels (the tool's own inGrid). */
function operationOn(grid: Grid, operation: RecipeOperation): Operation {
  // The form of a tool that names no voxels is the operation itself.
  return operationSchema.parse(toolOf(operation as Operation).inGrid?.(operation, grid) ?? operation);
}

type ReplayServices = Pick<Services, 'volumes' | 'segments' | 'models' | 'inference'>;

async function runModel(services: ReplayServices, volumeId: string, step: Extract<RecipeStep, { kind: 'model' }>): Promise<void> {
  const pkg = await findModel(services.models, step.model);
  if (pkg.manifest.sha256 !== step.sha256) {
    throw new VoxbenchError('RecipeModelChanged', `The recipe ran ${step.model} with SHA-256 ${step.sha256.slice(0, 12)}…; the library's ${step.model} has ${pkg.manifest.sha256.slice(0, 12)}….`);
  }
  const { info, source } = services.volumes.get(volumeId);
  const run = await services.inference.run(pkg, () => readRegion(source, { min: [0, 0, 0], max: info.dims }), info);
  await services.segments.importLabels(volumeId, run.labels, run.segments, { source: 'inference', ...run.provenance });
}

/** Starts the scan's segmentation afresh and runs every step of `recipe` on it. */
export async function replayRecipe(services: ReplayServices, recipe: Recipe, volumeId: string): Promise<SegmentationInfo> {
  const { segments } = services;
  const { info } = services.volumes.get(volumeId);
  await segments.replay(volumeId, []);
  for (const step of recipe.steps) {
    if (step.kind === 'model') await runModel(services, volumeId, step);
    else await segments.perform(volumeId, step.kind === 'tool' ? { kind: 'edit', edit: operationOn(info, step.operation) } : step);
  }
  return segments.of(volumeId).info();
}
