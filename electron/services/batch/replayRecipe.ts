// Replays a recipe on an open scan through the same segment store and tools as the interactive session: world
// positions become this scan's voxel indices (rounded to the nearest voxel), model steps run the library's model
// of the recorded hash. On the scan the recipe came from, the labelmap is the one the session made, bit for bit.
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { Recipe, RecipeStep } from '../../common/recipe.js';
import { operationSchema, type Operation, type SegmentationInfo } from '../../common/segmentCalls.js';
import { findModel } from '../inference/library.js';
import { readRegion } from '../volume/model.js';
import { worldToVoxel, type Geometry } from '../volume/geometry.js';
import type { Services } from '../services.js';

type Grid = Geometry & { dims: Vec3; name: string };

function voxelsOf(grid: Grid, points: Vec3[], what: string): Vec3[] {
  return worldToVoxel(grid, points).map((index, n) => {
    const voxel = index.map(Math.round) as Vec3;
    if (voxel.some((v, k) => v < 0 || v >= grid.dims[k]!)) {
      throw new VoxbenchError('RecipeOutsideScan', `${what} ${n + 1} at ${points[n]!.map((v) => v.toFixed(1)).join(', ')} mm lies outside ${grid.name} (${grid.dims.join('×')} voxels).`);
    }
    return voxel;
  });
}

/** The segment tool's operation for this scan. */
export function operationOn(grid: Grid, operation: Extract<RecipeStep, { kind: 'tool' }>['operation']): Operation {
  if (operation.tool === 'grow') {
    const { seedsMm, ...rest } = operation;
    return operationSchema.parse({ ...rest, seeds: voxelsOf(grid, seedsMm, 'Seed') });
  }
  if (operation.tool === 'levelTrace') {
    const { seedMm, ...rest } = operation;
    return operationSchema.parse({ ...rest, seed: voxelsOf(grid, [seedMm], 'Seed')[0] });
  }
  if (operation.tool === 'threshold' && operation.regionMm) {
    const { regionMm, ...rest } = operation;
    const corners = worldToVoxel(grid, [regionMm.min, regionMm.max]).map((index) => index.map(Math.round));
    const clamp = (v: number, k: number) => Math.min(Math.max(v, 0), grid.dims[k]!);
    const min = [0, 1, 2].map((k) => clamp(Math.min(corners[0]![k]!, corners[1]![k]!), k)) as Vec3;
    const max = [0, 1, 2].map((k) => clamp(Math.max(corners[0]![k]!, corners[1]![k]!), k)) as Vec3;
    return operationSchema.parse({ ...rest, region: { min, max } });
  }
  return operationSchema.parse(operation);
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
