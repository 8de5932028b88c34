// The contract entries of the batch domain (recipes now; batch jobs over many scans next), spread into contract.ts.
import { z } from 'zod';
import { call } from './call.js';
import type { SegmentationInfo } from './segmentCalls.js';

const volumeId = z.string().min(1);
const filePath = z.string().min(1);

export interface SavedRecipe {
  path: string;
  /** Steps the recipe replays. */
  steps: number;
  /** Log entries left out (hand strokes, imported files), each with why. */
  notReplayable: { index: number; action: string; reason: string }[];
}

export const batchCalls = {
  /** "Save as recipe": the parametric steps of the volume's operation log, in world units, as a recipe file. */
  'batch.saveRecipe': call(z.object({ volumeId, path: filePath, name: z.string().min(1).max(200).optional() }).strict()).returns<SavedRecipe>(),
  /** Runs a recipe file on an open volume, replacing its segmentation. */
  'batch.replayRecipe': call(z.object({ volumeId, path: filePath }).strict()).returns<SegmentationInfo>(),
};
