// Interpolate: fills the slices between sparsely painted slices of `segment` across `axis`.
import { z } from 'zod';
import { axis, overwrite, segment } from './fields.js';

export const interpolateSchema = z.object({ tool: z.literal('interpolate'), segment, axis, overwrite }).strict();
