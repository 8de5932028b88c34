// Multi-label grow: the painted voxels of `segments` are seeds; every voxel (within `range` if given) takes the seed that reaches it cheapest.
import { z } from 'zod';
import { range, segment } from './fields.js';

export const growFromSeedsSchema = z.object({ tool: z.literal('growFromSeeds'), segments: z.array(segment).min(2).max(1000), range: range.optional() }).strict();
