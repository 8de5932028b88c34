// Replays a recipe on an open scan through the same segment store and tools as the interactive session: world
// positions become this scan's voxel indices (rounded to the nearest voxel), model steps run the library's model
// of the recorded hash. On the scan the recipe came from, the labelmap is the one the session made, bit for bit.
import { VoxbenchError } from '../../common/errors.js';
import type { Recipe, RecipeOperation, RecipeStep } from '../../common/recipe.js';
import { operationSchema, type Operation, type SegmentationInfo } from '../../common/segmentCalls.js';
import type { ModelRan } from '../../common/syncModel.js';
import { findModel, type ModelFolders } from '../inference/library.js';
import type { ModelPackage } from '../inference/manifest.js';
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

export type ModelStep = Extract<RecipeStep, { kind: 'model' }>;

/** The library's model a step ran, refused when its hash is not the one the recipe recorded. */
export async function modelOfStep(folders: ModelFolders, step: ModelStep): Promise<ModelPackage> {
  const pkg = await findModel(folders, step.model);
  if (pkg.manifest.sha256 !== step.sha256) {
    throw new VoxbenchError('RecipeModelChanged', `The recipe ran ${step.model} with SHA-256 ${step.sha256.slice(0, 12)}…; the library's ${step.model} has ${pkg.manifest.sha256.slice(0, 12)}….`);
  }
  return pkg;
}

async function runModel(services: ReplayServices, volumeId: string, step: ModelStep): Promise<ModelRan> {
  const pkg = await modelOfStep(services.models, step);
  const { info, source } = services.volumes.get(volumeId);
  const run = await services.inference.run(pkg, () => readRegion(source, { min: [0, 0, 0], max: info.dims }), info);
  await services.segments.importLabels(volumeId, run.labels, run.segments, { source: 'inference', ...run.provenance });
  const { provider, device, skippedProviders } = run.provenance;
  return { name: step.model, sha256: step.sha256, provider, ...(device && { device }), skippedProviders };
}

export interface Replayed {
  segmentation: SegmentationInfo;
  /** Each model step's model and where it ran. */
  models: ModelRan[];
}

/** Starts the scan's segmentation afresh and runs every step of `recipe` on it. */
export async function replayRecipe(services: ReplayServices, recipe: Recipe, volumeId: string): Promise<Replayed> {
  const { segments } = services;
  const { info } = services.volumes.get(volumeId);
  const models: ModelRan[] = [];
  await segments.replay(volumeId, []);
  for (const step of recipe.steps) {
    if (step.kind === 'model') models.push(await runModel(services, volumeId, step));
    else await segments.perform(volumeId, step.kind === 'tool' ? { kind: 'edit', edit: operationOn(info, step.operation) } : step);
  }
  return { segmentation: segments.of(volumeId).info(), models };
}
