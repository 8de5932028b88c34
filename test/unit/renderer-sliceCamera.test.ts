// Zoom and pan of a slice view, and that clicking stays right under them.
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { edgeLabels, fitCamera, panByPixels, screenToWorld, sliceFrame, stepAlong, worldToScreen, zoomAbout, ZOOM_LIMITS } from '../../renderer/geometry/sliceGeometry';

const volume = { dims: [128, 128, 96] as Vec3, spacing: [1.5, 1.5, 2] as Vec3, origin: [-95.25, -95.25, -95] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const [width, height] = [400, 300];
const frame = sliceFrame(volume, 'axial');
const fitted = fitCamera(volume, frame, width, height);
const centre = worldToScreen(fitted, frame, width, height, [0, 0, 0]);
const distance = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('zoom', () => {
  test('×2 puts every point twice as far from the view centre', () => {
    const zoomed = fitCamera(volume, frame, width, height, { zoom: 2, pan: [0, 0] });
    const skull: Vec3 = [0, -0.89 * 96, 0]; // anterior skull of the phantom
    expect(distance(worldToScreen(zoomed, frame, width, height, skull), centre)).toBeCloseTo(
      2 * distance(worldToScreen(fitted, frame, width, height, skull), centre),
      9,
    );
  });

  test('zooming about a screen point keeps the world point under it where it is', () => {
    const at: [number, number] = [310, 70];
    const before = screenToWorld(fitted, frame, width, height, at, [0, 0, 0]);
    const zoomed = fitCamera(volume, frame, width, height, zoomAbout(fitted, frame, width, height, 1.7, at));
    expect(zoomed.zoom).toBeCloseTo(1.7, 12);
    const after = worldToScreen(zoomed, frame, width, height, before);
    expect(after[0]).toBeCloseTo(at[0], 9);
    expect(after[1]).toBeCloseTo(at[1], 9);
  });

  test('zooming about the view centre does not pan', () => {
    expect(zoomAbout(fitted, frame, width, height, 2, [width / 2, height / 2]).pan.map((p) => p + 0)).toEqual([0, 0]);
  });

  test('zoom stays within its limits', () => {
    expect(zoomAbout(fitted, frame, width, height, 1e6, centre).zoom).toBe(ZOOM_LIMITS[1]);
    expect(zoomAbout(fitted, frame, width, height, 1e-6, centre).zoom).toBe(ZOOM_LIMITS[0]);
  });
});

describe('pan', () => {
  test('the image follows the mouse, pixel for pixel, at any zoom', () => {
    const zoomed = fitCamera(volume, frame, width, height, { zoom: 3, pan: [5, -7] });
    const point: Vec3 = [12, -20, 1];
    const before = worldToScreen(zoomed, frame, width, height, point);
    const panned = fitCamera(volume, frame, width, height, panByPixels(zoomed, height, [25, -40]));
    const after = worldToScreen(panned, frame, width, height, point);
    expect(after[0] - before[0]).toBeCloseTo(25, 9);
    expect(after[1] - before[1]).toBeCloseTo(-40, 9);
  });

  test('a click lands on the world point drawn under it, zoomed and panned, in every orientation', () => {
    for (const orientation of ['axial', 'coronal', 'sagittal'] as const) {
      const view = sliceFrame(volume, orientation);
      const camera = fitCamera(volume, view, width, height, { zoom: 2.5, pan: [13, -4] });
      const world: Vec3 = [10, -30, 25];
      const screen = worldToScreen(camera, view, width, height, world);
      screenToWorld(camera, view, width, height, screen, world).forEach((value, i) => expect(value).toBeCloseTo(world[i]!, 9));
    }
  });
});

test('a slice step moves the cursor one voxel along the view direction', () => {
  expect(stepAlong(volume, frame, [1, 2, 3], 1)).toEqual([1, 2, 5]);
  expect(stepAlong(volume, sliceFrame(volume, 'sagittal'), [1, 2, 3], 10)).toEqual([-14, 2, 3]);
});

test('slice steps stop at the first and last slice, and a cursor past the end steps back in', () => {
  const small = { ...volume, dims: [128, 128, 20] as Vec3 }; // the 20 slices: z index 0 … 19
  const slice = (world: Vec3) => (world[2] - small.origin[2]) / small.spacing[2];
  const at = (k: number): Vec3 => [0, 0, small.origin[2] + k * small.spacing[2]];
  expect(slice(stepAlong(small, frame, at(15), 10))).toBe(19); // Page Down near the end: the last slice, not 25
  expect(slice(stepAlong(small, frame, at(19), 10))).toBe(19);
  expect(slice(stepAlong(small, frame, at(19), -1))).toBe(18); // ↑ answers at once
  expect(slice(stepAlong(small, frame, at(3), -10))).toBe(0);
  expect(slice(stepAlong(small, frame, at(29), -1))).toBe(19); // a cursor left past the end comes back to the last slice
  // The sagittal view looks along -x: a positive step lowers the index, down to 0.
  const sagittal = sliceFrame(small, 'sagittal');
  expect(stepAlong(small, sagittal, [small.origin[0] + 3 * 1.5, 0, 0], 10)[0]).toBe(small.origin[0]);
});

test('a sample\'s volume labels the view edges with its axes, a patient\'s with A/P/L/R/S/I', () => {
  expect(edgeLabels(['A', 'L', 'P', 'R'])).toEqual(['A', 'L', 'P', 'R']);
  // Axial (LPS): +y (posterior) points down the screen, +x (left) to the right.
  expect(edgeLabels(['A', 'L', 'P', 'R'], 'sample')).toEqual(['−y', '+x', '+y', '−x']);
  expect(edgeLabels(['S', 'P', 'I', 'A'], 'sample')).toEqual(['+z', '+y', '−z', '−y']);
});
