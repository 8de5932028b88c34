// Morphology, distance-based, in mm: margin grows by `mm` (shrinks when `shrink`); hollow keeps a shell `mm` thick inside the surface.
import { z } from 'zod';
import { mm, overwrite, segment } from './fields.js';

export const morphologySchema = z
  .object({ tool: z.literal('morphology'), segment, operation: z.enum(['dilate', 'erode', 'open', 'close', 'margin', 'hollow']), mm, shrink: z.boolean().default(false), overwrite })
  .strict();
