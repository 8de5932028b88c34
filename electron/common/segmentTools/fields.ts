// The pieces the segmentation tools' schemas share: points, voxels, ranges, segments, the overwrite rule and the
// brush stroke. Changing one changes what saved operation logs parse to: keep them as they are.
import { z } from 'zod';

export const point = z.tuple([z.number(), z.number(), z.number()]);
export const voxel = z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]);
export const range = z.tuple([z.number(), z.number()]);
export const axis = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export const connectivity = z.union([z.literal(6), z.literal(18), z.literal(26)]);
export const segment = z.number().int().min(1).max(65535);
export const mm = z.number().positive().max(1000);

/** Where painting may write: anywhere not locked ('all'), or only into background ('empty'). Locked segments are never overwritten. */
export const overwrite = z.enum(['all', 'empty']).default('all');

/** The most centres one stroke (and so one log entry) holds. */
export const MAX_STROKE_POINTS = 10000;

/** A brush stroke: a disc in the plane across `axis` (a slice view's normal) or a sphere, `radiusMm` in the volume's unit. */
export const stroke = {
  shape: z.enum(['disc', 'sphere']),
  /** Index axis the disc lies across (0 = sagittal, 1 = coronal, 2 = axial slice); ignored for spheres. */
  axis: axis.default(2),
  radiusMm: mm,
  /** Centres along the stroke, as continuous voxel indices ('voxel') or LPS world positions ('world'). */
  points: z.array(point).min(1).max(MAX_STROKE_POINTS),
  space: z.enum(['voxel', 'world']).default('voxel'),
  /** Paint only where the image value lies in [lo, hi]. */
  intensityRange: range.optional(),
  /**
   * One id per drag: a stroke sent in pieces while the user drags. A piece with the stroke id of the last step, the
   * same parameters, starting at its last point, continues that step (one log entry, one undo; see strokeSteps.ts).
   */
  stroke: z.string().min(1).max(64).optional(),
};
