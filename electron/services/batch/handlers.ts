// Handlers of the batch domain's contract entries, merged into host.ts's one dispatch.
import { resolve } from 'node:path';
import type { batchCalls } from '../../common/batchCalls.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { readRecipe, writeRecipe } from './recipeFile.js';
import { recipeFromLog } from './recipeFromLog.js';
import { replayRecipe } from './replayRecipe.js';

export function batchHandlers({ services }: HostContext): HandlersOf<typeof batchCalls> {
  return {
    'batch.saveRecipe': async ({ volumeId, path, name }) => {
      const { info } = services.volumes.get(volumeId);
      const recipe = recipeFromLog(services.segments.actions(volumeId), info, name ?? `Recipe from ${info.name}`, { name: 'voxbench', version: services.version });
      await writeRecipe(resolve(path), recipe);
      return { path: resolve(path), steps: recipe.steps.length, notReplayable: recipe.notReplayable };
    },
    'batch.replayRecipe': async ({ volumeId, path }) => replayRecipe(services, await readRecipe(resolve(path)), volumeId),
  };
}

