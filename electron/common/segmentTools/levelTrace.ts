// Level tracing (3D Slicer's effect): a click on a slice fills the region of that slice, connected to the
// clicked voxel through its faces, whose values are at least the clicked voxel's, with its holes filled
// (the inside of the traced outline).
import { z } from 'zod';
import { axis, overwrite, point, segment, voxel } from './fields.js';

export const levelTraceSchema = z.object({ tool: z.literal('levelTrace'), segment, seed: voxel, axis, overwrite }).strict();

/** In a recipe: the clicked voxel as its LPS world position (mm); the slice axis stays an index axis. */
export const levelTraceInWorldSchema = levelTraceSchema.omit({ seed: true }).extend({ seedMm: point });
