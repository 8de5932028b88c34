// Scissors: cuts by a polygon drawn in a slice view. `polygon` holds [u, v] voxel indices in the plane across `axis`
// (u, v = the other two axes in increasing order). 'slice' cuts only slice `slice`; 'volume' cuts straight through.
// 'erase' clears `segment` (or every unlocked segment) inside/outside; 'fill' paints `segment` there.
import { z } from 'zod';
import { axis, segment } from './fields.js';

export const scissorsSchema = z
  .object({
    tool: z.literal('scissors'),
    segment: segment.optional(),
    axis,
    polygon: z.array(z.tuple([z.number(), z.number()])).min(3).max(10000),
    side: z.enum(['inside', 'outside']),
    action: z.enum(['erase', 'fill']),
    extent: z.enum(['slice', 'volume']),
    slice: z.number().int().min(0).default(0),
  })
  .strict();
