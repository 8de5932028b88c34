// "Save as recipe": the parametric steps of a segmentation's log, with every voxel index turned into its LPS world
// position, so the steps replay on scans of other grids. Hand strokes and imported files cannot be replayed.
import type { Vec3 } from '../../common/contract.js';
import { RECIPE_VERSION, recipeForms, type Recipe, type RecipeOperation, type RecipeStep } from '../../common/recipe.js';
import type { ToolName } from '../../common/segmentOperations.js';
import type { Action } from '../segment/actions.js';
import { actionName } from '../segment/actions.js';
import { toolOf } from '../segment/tools/segmentTools.js';
import type { Geometry } from '../volume/geometry.js';

type Recorded = { step: RecipeStep } | { reason: string };

function stepOf(action: Action, geometry: Geometry): Recorded {
  switch (action.kind) {
    case 'add':
    case 'update':
    case 'delete':
    case 'merge':
      return { step: action };
    case 'import': {
      const made = action.provenance as { source?: string; model?: string; version?: string; sha256?: string };
      if (made.source === 'inference' && made.model && made.sha256) return { step: { kind: 'model', model: made.model, version: made.version ?? '', sha256: made.sha256 } };
      return { reason: 'labels imported from a file belong to that scan' };
    }
    case 'edit': {
      const { edit } = action;
      if (!recipeForms[edit.tool as ToolName]) return { reason: 'a hand stroke belongs to the scan it was drawn on' };
      // A tool that names voxels says its world form; any other edit is its own.
      return { step: { kind: 'tool', operation: toolOf(edit).toWorld?.(edit, geometry) ?? (edit as RecipeOperation) } };
    }
  }
}

export function recipeFromLog(actions: Action[], source: Geometry & { name: string; dims: Vec3 }, name: string, software: Recipe['software']): Recipe {
  const steps: RecipeStep[] = [];
  const notReplayable: Recipe['notReplayable'] = [];
  actions.forEach((action, index) => {
    const recorded = stepOf(action, source);
    if ('step' in recorded) steps.push(recorded.step);
    else notReplayable.push({ index, action: actionName(action), reason: recorded.reason });
  });
  const { dims, spacing, origin, direction } = source;
  return {
    format: 'voxbench-recipe',
    version: RECIPE_VERSION,
    name,
    createdAt: new Date().toISOString(),
    software,
    source: { name: source.name, dims: [...dims], spacing: [...spacing], origin: [...origin], direction: [...direction] },
    steps,
    notReplayable,
  };
}
