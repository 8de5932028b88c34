// Threshold: `segment` becomes the voxels whose value lies in `range` (inside `region` if given).
import { z } from 'zod';
import { overwrite, range, segment, voxel } from './fields.js';

export const thresholdSchema = z.object({ tool: z.literal('threshold'), segment, range, region: z.object({ min: voxel, max: voxel }).strict().optional(), overwrite }).strict();
