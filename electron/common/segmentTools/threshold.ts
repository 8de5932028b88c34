// Threshold: `segment` becomes the voxels whose value lies in `range` (inside `region` if given).
import { z } from 'zod';
import { overwrite, point, range, segment, voxel } from './fields.js';

export const thresholdSchema = z.object({ tool: z.literal('threshold'), segment, range, region: z.object({ min: voxel, max: voxel }).strict().optional(), overwrite }).strict();

/** In a recipe: the region by the world positions (mm) of its voxel-index corners (min included, max excluded). */
export const thresholdInWorldSchema = thresholdSchema.omit({ region: true }).extend({ regionMm: z.object({ min: point, max: point }).strict().optional() });
