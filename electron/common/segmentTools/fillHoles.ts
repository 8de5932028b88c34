// Fill holes: enclosed holes of `segment` in 3-D, or slice by slice across `perSliceAxis`.
import { z } from 'zod';
import { axis, overwrite, segment } from './fields.js';

export const fillHolesSchema = z.object({ tool: z.literal('fillHoles'), segment, perSliceAxis: axis.optional(), overwrite }).strict();
