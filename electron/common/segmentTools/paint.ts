// Paint: a brush stroke adds its voxels to `segment`.
import { z } from 'zod';
import { overwrite, segment, stroke } from './fields.js';

export const paintSchema = z.object({ tool: z.literal('paint'), segment, ...stroke, overwrite }).strict();
