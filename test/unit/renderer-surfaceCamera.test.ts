// SurfaceView's starting camera and the volume box it frames, against the geometry module's own world mapping.
import { describe, expect, it } from 'vitest';
import { indexToWorld } from '../../electron/services/volume/geometry';
import { surfaceCamera, volumeBounds } from '../../renderer/geometry/surfaceCamera';

const grid = { dims: [40, 30, 20] as [number, number, number], spacing: [0.5, 1, 2] as [number, number, number], origin: [10, -5, 3] as [number, number, number], direction: [0, 0, -1, 1, 0, 0, 0, -1, 0] };

describe('surface camera', () => {
  it('the volume box spans the outer faces of the corner voxels, however the direction turns it', () => {
    const corners = [-0.5, 39.5].flatMap((i) => [-0.5, 29.5].flatMap((j) => [-0.5, 19.5].map((k) => indexToWorld(grid, [i, j, k]))));
    const { min, max } = volumeBounds(grid);
    for (let axis = 0; axis < 3; axis++) {
      expect(min[axis]).toBeCloseTo(Math.min(...corners.map((c) => c[axis]!)), 9);
      expect(max[axis]).toBeCloseTo(Math.max(...corners.map((c) => c[axis]!)), 9);
    }
  });

  it('starts in front of the patient (anterior, −y in LPS), head up, with the whole box inside the field of view', () => {
    const bounds = volumeBounds(grid);
    const camera = surfaceCamera(bounds);
    const centre = bounds.min.map((v, a) => (v + bounds.max[a]!) / 2);
    expect(camera.target).toEqual(centre);
    expect(camera.up).toEqual([0, 0, 1]);
    expect(camera.position[0]).toBeCloseTo(centre[0]!, 9);
    expect(camera.position[2]).toBeCloseTo(centre[2]!, 9);
    const distance = centre[1]! - camera.position[1];
    expect(distance).toBeGreaterThan(0);
    // The box's bounding sphere subtends exactly the vertical field of view.
    const radius = Math.hypot(...bounds.max.map((v, a) => v - bounds.min[a]!)) / 2;
    expect((2 * Math.asin(radius / distance) * 180) / Math.PI).toBeCloseTo(camera.fov, 9);
  });
});
