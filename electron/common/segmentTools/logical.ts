// Logical operations: `segment` := segment ∪ other, segment ∩ other, segment − other, NOT segment, copy of other, or nothing.
import { z } from 'zod';
import { overwrite, segment } from './fields.js';

export const logicalSchema = z
  .object({ tool: z.literal('logical'), segment, operation: z.enum(['union', 'intersect', 'subtract', 'invert', 'copy', 'clear']), other: segment.optional(), overwrite })
  .strict();
