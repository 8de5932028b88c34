import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { geometryFromRasAffine, indexToWorld, rasAffineFromGeometry } from '../../electron/services/volume/geometry';
import { fitCamera, screenToWorld, sliceFrame, sliceIndex, worldToIndex, worldToScreen } from '../../renderer/geometry/sliceGeometry';

const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
/** Vectors compared by value: -0 and 0 are the same direction. */
const clean = (vector: number[]) => vector.map((n) => n + 0);

describe('RAS ↔ LPS', () => {
  test('a RAS identity affine is LPS with x and y flipped', () => {
    const geometry = geometryFromRasAffine([
      [2, 0, 0, 10],
      [0, 3, 0, 20],
      [0, 0, 4, 30],
      [0, 0, 0, 1],
    ]);
    expect(geometry).toEqual({ spacing: [2, 3, 4], origin: [-10, -20, 30], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] });
  });

  test('an oblique affine survives the round trip', () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const affine = [
      [0.5 * c, -0.7 * s, 0, 1],
      [0.5 * s, 0.7 * c, 0, 2],
      [0, 0, 2, 3],
      [0, 0, 0, 1],
    ];
    const back = rasAffineFromGeometry(geometryFromRasAffine(affine));
    back.flat().forEach((value, i) => expect(value).toBeCloseTo(affine.flat()[i]!, 12));
  });

  test('index to world follows origin + direction · spacing · index', () => {
    const geometry = { spacing: [2, 3, 4] as Vec3, origin: [1, 1, 1] as Vec3, direction: [0, -1, 0, 1, 0, 0, 0, 0, 1] };
    expect(indexToWorld(geometry, [1, 1, 1])).toEqual([1 - 3, 1 + 2, 1 + 4]);
  });
});

describe('slice views', () => {
  const volume = { dims: [100, 80, 60] as Vec3, spacing: [1, 2, 3] as Vec3, origin: [0, 0, 0] as Vec3, direction: identity };

  test('axial is seen from the feet: patient left on screen right, anterior up', () => {
    const frame = sliceFrame(volume, 'axial');
    expect(frame.axis).toBe(2);
    expect(clean(frame.right)).toEqual([1, 0, 0]);
    expect(clean(frame.up)).toEqual([0, -1, 0]);
  });

  test('sagittal shows anterior on the left and superior up', () => {
    const frame = sliceFrame(volume, 'sagittal');
    expect(frame.axis).toBe(0);
    expect(clean(frame.up)).toEqual([0, 0, 1]);
    expect(clean(frame.right)).toEqual([0, 1, 0]);
  });

  test('a volume stored right-to-left still shows the patient\'s left on screen right', () => {
    const flipped = { ...volume, direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1] };
    expect(clean(sliceFrame(flipped, 'coronal').right)).toEqual([1, 0, 0]);
  });

  test('the slice under a point is the nearest voxel, clamped', () => {
    const frame = sliceFrame(volume, 'axial');
    expect(sliceIndex(volume, frame, [0, 0, 7.4])).toBe(2);
    expect(sliceIndex(volume, frame, [0, 0, 1e6])).toBe(59);
  });

  test('screen and world round-trip, and the whole slice fits the view', () => {
    const frame = sliceFrame(volume, 'coronal');
    const camera = fitCamera(volume, frame, 300, 200);
    const world: Vec3 = [12, 40, 33];
    const screen = worldToScreen(camera, frame, 300, 200, world);
    screenToWorld(camera, frame, 300, 200, screen, world).forEach((value, i) => expect(value).toBeCloseTo(world[i]!, 9));
    // The slice is 100 mm wide and 180 mm tall: height limits, so it spans 200 / 1.05 pixels vertically.
    const top = worldToScreen(camera, frame, 300, 200, [0, 0, 180 - 1.5]);
    const bottom = worldToScreen(camera, frame, 300, 200, [0, 0, -1.5]);
    expect(bottom[1] - top[1]).toBeCloseTo(200 / 1.05, 6);
    expect(worldToIndex(volume, [10, 20, 30])).toEqual([10, 10, 10]);
  });
});
