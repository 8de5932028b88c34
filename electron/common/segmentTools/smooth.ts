// Smoothing of `segment`: median over a (2r+1)³ box of `radiusVoxels`, or Gaussian of `sigmaMm`.
import { z } from 'zod';
import { mm, overwrite, segment } from './fields.js';

export const smoothSchema = z
  .object({ tool: z.literal('smooth'), segment, method: z.enum(['median', 'gaussian']), radiusVoxels: z.number().int().min(1).max(20).default(1), sigmaMm: mm.default(1), overwrite })
  .strict();
