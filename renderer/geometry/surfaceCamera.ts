// Where SurfaceView's camera starts: in front of the patient (anterior, looking posterior), head up, the whole
// volume in view, as the 3D view of a CT is first seen. Pure, so the e2e test projects with the same camera.
export type Vec3 = [number, number, number];

export const SURFACE_FOV_DEGREES = 30;

export interface SurfaceCamera {
  position: Vec3;
  target: Vec3;
  up: Vec3;
  fov: number;
  near: number;
  far: number;
}

/** `corners` are the LPS world bounds of what must fit (the volume's box). */
export function surfaceCamera({ min, max }: { min: Vec3; max: Vec3 }): SurfaceCamera {
  const target = min.map((v, a) => (v + max[a]!) / 2) as Vec3;
  const radius = Math.hypot(...max.map((v, a) => v - min[a]!)) / 2 || 1;
  const distance = radius / Math.sin(((SURFACE_FOV_DEGREES / 2) * Math.PI) / 180);
  // LPS: anterior is −y, superior is +z.
  return { position: [target[0], target[1] - distance, target[2]], target, up: [0, 0, 1], fov: SURFACE_FOV_DEGREES, near: distance / 100, far: distance * 4 };
}

/** LPS world bounds of a volume's box (voxel centres out to half a voxel beyond), through its direction. */
export function volumeBounds({ dims, spacing, origin, direction }: { dims: Vec3; spacing: Vec3; origin: Vec3; direction: number[] }): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const index = [0, 1, 2].map((a) => ((corner >> a) & 1 ? dims[a]! - 0.5 : -0.5) * spacing[a]!);
    for (let row = 0; row < 3; row++) {
      const world = origin[row]! + [0, 1, 2].reduce((sum, col) => sum + direction[3 * row + col]! * index[col]!, 0);
      min[row] = Math.min(min[row]!, world);
      max[row] = Math.max(max[row]!, world);
    }
  }
  return { min, max };
}
