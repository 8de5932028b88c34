// Islands: keepLargest / removeSmall (under `minVoxels`) within `segment`; split gives each island its own new segment.
import { z } from 'zod';
import { connectivity, segment } from './fields.js';

export const islandsSchema = z
  .object({ tool: z.literal('islands'), segment, mode: z.enum(['keepLargest', 'removeSmall', 'split']), minVoxels: z.number().int().min(1).default(1000), connectivity: connectivity.default(26) })
  .strict();
