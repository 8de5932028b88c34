// The 2D canvas's first draw of a slice: values to grey as vtk.js's window/level ramp, and voxel cells to screen
// pixels as the view's camera shows them; the expected numbers are worked out by hand in the comments.
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { fitCamera, sliceFrame } from '../../renderer/geometry/sliceGeometry';
import { greyOf, screenPixels, sliceTransform } from '../../renderer/views/slice/canvasSlice';

describe('window/level to grey', () => {
  test('W 100 L 50: black at 0 and below, white at 100 and above, a straight ramp between, halves rounded up', () => {
    // 25 → 255·0.25 = 63.75; 50 → 127.5.
    expect([-10, 0, 25, 50, 100, 130].map((value) => greyOf(value, { window: 100, level: 50 }))).toEqual([0, 0, 64, 128, 255, 255]);
  });

  test('NaN is black, as no value in the window', () => {
    expect(greyOf(Number.NaN, { window: 100, level: 50 })).toBe(0);
  });
});

describe('the slice on screen', () => {
  // A 3 × 2 × 2 grid whose value is its offset i + 3j + 6k; W 255 L 127.5 maps value v to grey v. The slice j = 1 has
  // columns i and rows k: row k = 0 is 3 4 5, row k = 1 is 9 10 11.
  const grid = { dims: [3, 2, 2] as Vec3, spacing: [1, 1, 1] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const slice = { grid, values: Array.from({ length: 12 }, (_, at) => at), axis: 1, index: 1 };
  const identity = { window: 255, level: 127.5 };
  /** The red channel, row by row; alpha must be opaque everywhere. */
  const greys = (rgba: Uint8ClampedArray, width: number) => {
    expect(rgba.filter((_, at) => at % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
    const red = [...rgba.filter((_, at) => at % 4 === 0)];
    return Array.from({ length: red.length / width }, (_, row) => red.slice(row * width, (row + 1) * width));
  };

  test('two pixels a voxel: each voxel a 2 × 2 block, columns along i, rows along k', () => {
    expect(greys(screenPixels(slice, identity, [2, 0, 0, 2, 0, 0], [6, 4]), 6)).toEqual([
      [3, 3, 4, 4, 5, 5],
      [3, 3, 4, 4, 5, 5],
      [9, 9, 10, 10, 11, 11],
      [9, 9, 10, 10, 11, 11],
    ]);
  });

  test('i flipped (columns run right to left) and one pixel of black around the slice', () => {
    expect(greys(screenPixels(slice, identity, [-1, 0, 0, 1, 4, 1], [5, 4]), 5)).toEqual([
      [0, 0, 0, 0, 0],
      [0, 5, 4, 3, 0],
      [0, 11, 10, 9, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  test('1.5 pixels a voxel from x = 0.2: the voxel under each centre, the border pixels by their 4 samples inside', () => {
    // Centres 0.5, 1.5 … lie on columns 0.2, 0.87, 1.53, 2.2, 2.87, 3.53 (column = (x − 0.2) / 1.5): voxels 3 3 4 5 5 –.
    // Pixel 0's samples at x 0.125, 0.375, 0.625, 0.875: three right of 0.2, so 3 · 3/4 = 2.25 → 2. Pixel 4's at
    // 4.125 … 4.875, columns 2.62, 2.78, 2.95, 3.12: three inside, 5 · 3/4 = 3.75 → 4. Pixel 5's all past column 3.
    expect(greys(screenPixels(slice, identity, [1.5, 0, 0, 2, 0.2, 0], [6, 2]), 6)[0]).toEqual([2, 3, 4, 5, 4, 0]);
  });

  test('rows along i when the transform turns the slice a quarter', () => {
    // Column (i) runs down the screen, row (k) to the right: screen (x, y) shows voxel (i = y, k = x).
    expect(greys(screenPixels(slice, identity, [0, 1, 1, 0, 0, 0], [2, 3]), 2)).toEqual([
      [3, 9],
      [4, 10],
      [5, 11],
    ]);
  });
});

describe('voxel cells to the screen', () => {
  // 4 × 2 × 3 voxels of 2 × 3 × 5 mm in a 100 × 100 view, axial: 8 mm wide, 6 mm tall, so the fitted half-height is
  // (8 / 2) · 1.05 = 4.2 mm and a millimetre is 50 / 4.2 pixels. The centre voxel point is index (1.5, 0.5, 1).
  const dims: Vec3 = [4, 2, 3];
  const spacing: Vec3 = [2, 3, 5];
  const size: [number, number] = [100, 100];
  const perMm = 50 / 4.2;
  const transformOf = (direction: number[], view = { zoom: 1, pan: [0, 0] as [number, number] }) => {
    const grid = { dims, spacing, origin: [0, 0, 0] as Vec3, direction };
    const frame = sliceFrame(grid, 'axial');
    return sliceTransform({ grid, axis: frame.axis, index: 1 }, fitCamera(grid, frame, ...size, view), frame, size);
  };
  const expectTransform = (actual: number[], expected: number[]) => expected.forEach((value, at) => expect(actual[at]).toBeCloseTo(value, 9));

  test('LPS axes: i to the right 2 mm a column, j down 3 mm a row, the corner of voxel (0, 0) 4 mm left and 3 mm up of the centre', () => {
    expectTransform(transformOf([1, 0, 0, 0, 1, 0, 0, 0, 1]), [2 * perMm, 0, 0, 3 * perMm, 50 - 4 * perMm, 50 - 3 * perMm]);
  });

  test('RAS-stored axes (i towards R, j towards A): both flipped, the corner of voxel (0, 0) at the bottom right', () => {
    expectTransform(transformOf([-1, 0, 0, 0, -1, 0, 0, 0, 1]), [-2 * perMm, 0, 0, -3 * perMm, 50 + 4 * perMm, 50 + 3 * perMm]);
  });

  test('zoom 2 and panned 1 mm right: cells twice as large, the corner 5 mm left of the new centre and 3 mm up', () => {
    expectTransform(transformOf([1, 0, 0, 0, 1, 0, 0, 0, 1], { zoom: 2, pan: [1, 0] }), [4 * perMm, 0, 0, 6 * perMm, 50 - 10 * perMm, 50 - 6 * perMm]);
  });
});
