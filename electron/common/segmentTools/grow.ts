// Seeded region growing: voxels connected to the seeds whose value lies in `range` join `segment`.
import { z } from 'zod';
import { connectivity, overwrite, point, range, segment, voxel } from './fields.js';

export const growSchema = z.object({ tool: z.literal('grow'), segment, seeds: z.array(voxel).min(1).max(10000), range, connectivity: connectivity.default(6), overwrite }).strict();

/** In a recipe: the seeds as LPS world positions (mm), so the grow replays on another grid. */
export const growInWorldSchema = growSchema.omit({ seeds: true }).extend({ seedsMm: z.array(point).min(1).max(10000) });
