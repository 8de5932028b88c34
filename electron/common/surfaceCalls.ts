// The contract entries for segment surfaces, spread into the segment domain's table (segmentCalls.ts).
// Meshes themselves travel as binary over routes.surfaceMesh (routes.ts), never as JSON.
import { z } from 'zod';
import type { Vec3 } from './wire.js';
import { call } from './call.js';

/** One segment's display mesh: what it is, and where its bytes are. */
export interface SurfaceInfo {
  /** The segment's label value. */
  value: number;
  name: string;
  /** sRGB, 0–255. */
  color: [number, number, number];
  vertices: number;
  triangles: number;
  /** Enclosed volume (mm³) and area (mm²) of the displayed (smoothed, decimated) mesh. */
  volumeMm3: number;
  areaMm2: number;
  /** LPS world mm; absent when the segment has no voxels. */
  bounds?: { min: Vec3; max: Vec3 };
  /** Bulk path (relative to the transport's data root): float32 xyz × vertices, then uint32 × 3 × triangles, little-endian. */
  mesh: string;
}

const value = z.number().int().min(1).max(65535);
const which = {
  volumeId: z.string().min(1),
  /** The segments to mesh (label values); all of them when left out. */
  segments: z.array(value).optional(),
};

export const surfaceCalls = {
  /** Builds (or finds cached) display meshes of a volume's segments, in a worker, with progress. */
  'surface.build': call(
    z
      .object({
        ...which,
        /** Taubin smoothing iterations. */
        smoothing: z.number().int().min(0).max(200).optional(),
        /** Decimate each mesh above this many triangles. */
        maxTriangles: z.number().int().min(100).optional(),
      })
      .strict(),
  ).returns<SurfaceInfo[]>(),
  /** Stops a running build of this volume's surfaces; its caller gets a Cancelled error. */
  'surface.cancel': call(z.object({ volumeId: which.volumeId }).strict()).returns<null>(),
  /** Writes the segments' surfaces to a file: binary STL (all in one solid) or glTF 2.0 binary (one node per segment). */
  'surface.export': call(z.object({ ...which, format: z.enum(['stl', 'glb']), path: z.string().min(1) }).strict()).returns<{
    path: string;
    bytes: number;
    triangles: number;
  }>(),
};
