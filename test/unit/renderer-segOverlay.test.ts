// The label layer's pure parts: a labelmap slice as RGBA (filled and outlined), where it lands on screen
// (restated by test/e2e/screen.ts from the viewing conventions), a slice's box and a prompt preview's runs cut to one slice, the histogram.
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { histogram } from '../../renderer/panels/RangeHistogram';
import { sliceBox } from '../../renderer/state/labelSlices';
import { rangePaint, segmentPaint, sliceRGBA, sliceToScreen } from '../../renderer/views/slice/labelOverlay';
import { previewSlice } from '../../renderer/views/slice/promptOverlay';
import { fitCamera, sliceFrame, type SliceOrientation } from '../../renderer/geometry/sliceGeometry';
import { screenOf, worldOf, type Grid } from '../e2e/screen';

const red = [255, 0, 0, 128] as const;
const one = (value: number) => (value === 1 ? red : undefined);
/** Which pixels of an RGBA slice are painted, as rows of '#' and '.'. */
const picture = ({ rgba, width, height }: ReturnType<typeof sliceRGBA>) =>
  Array.from({ length: height }, (_, v) => Array.from({ length: width }, (_, u) => (rgba[4 * (u + v * width) + 3] ? '#' : '.')).join(''));

describe('label overlay', () => {
  const dims: Vec3 = [4, 3, 2];
  const values = new Uint8Array(24);
  values[1 + 4 * (2 + 3 * 1)] = 1; // x 1, y 2, z 1

  test('a slice across each axis puts the voxel at (u, v) of the two other axes in increasing order', () => {
    expect(picture(sliceRGBA(values, dims, 2, 1, one))).toEqual(['....', '....', '.#..']);
    expect(picture(sliceRGBA(values, dims, 2, 0, one))).toEqual(['....', '....', '....']);
    expect(picture(sliceRGBA(values, dims, 1, 2, one))).toEqual(['....', '.#..']);
    expect(picture(sliceRGBA(values, dims, 0, 1, one))).toEqual(['...', '..#']);
    const { rgba } = sliceRGBA(values, dims, 2, 1, one);
    expect([...rgba.subarray(4 * 9, 4 * 10)]).toEqual([...red]);
  });

  test('outline mode keeps the voxels with a neighbour of another value', () => {
    const square = new Uint8Array(25);
    for (let y = 1; y < 4; y++) for (let x = 1; x < 4; x++) square[x + 5 * y] = 1;
    expect(picture(sliceRGBA(square, [5, 5, 1], 2, 0, one, true))).toEqual(['.....', '.###.', '.#.#.', '.###.', '.....']);
    expect(picture(sliceRGBA(square, [5, 5, 1], 2, 0, one, false))[2]).toBe('.###.');
  });

  test('hidden segments and the background are not drawn; the threshold preview colours the range', () => {
    const paint = segmentPaint([{ value: 1, color: [1, 2, 3], visible: true }, { value: 2, color: [4, 5, 6], visible: false }], 0.5);
    expect(paint(0)).toBeUndefined();
    expect(paint(1)).toEqual([1, 2, 3, 128]);
    expect(paint(2)).toBeUndefined();
    const preview = rangePaint([100, 104], [9, 9, 9], 1);
    expect([preview(99), preview(100), preview(104), preview(105)].map(Boolean)).toEqual([false, true, true, false]);
  });

  test('slice pixel (u, v) lands where the viewing conventions put the voxel, in every view', () => {
    const grid: Grid = { dims: [48, 40, 36], spacing: [0.8, 0.9, 1.25], origin: [-10, -12, 5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    for (const orientation of ['axial', 'coronal', 'sagittal'] as SliceOrientation[]) {
      const frame = sliceFrame(grid, orientation);
      const camera = fitCamera(grid, frame, 300, 200);
      const [a, b, c, d, e, f] = sliceToScreen(grid, frame, camera, 300, 200, 5);
      const [u, v] = [0, 1, 2].filter((k) => k !== frame.axis) as [number, number];
      const voxel: Vec3 = [7, 9, 11];
      voxel[frame.axis] = 5;
      const want = screenOf(grid, orientation, 300, 200, worldOf(grid, voxel));
      expect(a * voxel[u]! + c * voxel[v]! + e).toBeCloseTo(want[0], 6);
      expect(b * voxel[u]! + d * voxel[v]! + f).toBeCloseTo(want[1], 6);
    }
  });

  test('a slice is the box one voxel deep across its axis', () => {
    expect(sliceBox(dims, 0, 3)).toEqual({ min: [3, 0, 0], max: [4, 3, 2] });
    expect(sliceBox(dims, 2, 1)).toEqual({ min: [0, 0, 1], max: [4, 3, 2] });
  });

  test('a prompt preview\'s runs cut to one slice equal the same slice of the whole volume, across each axis', () => {
    // Runs that stop mid-row, span rows and cross from one z slice into the next.
    const runs = [1, 2, 6, 9, 20, 1];
    const whole = new Uint8Array(24);
    for (let n = 0; n < runs.length; n += 2) whole.fill(1, runs[n]!, runs[n]! + runs[n + 1]!);
    for (const axis of [0, 1, 2]) {
      for (let index = 0; index < dims[axis]!; index++) {
        const box = [...dims] as Vec3;
        box[axis] = 1;
        expect(picture(sliceRGBA(previewSlice({ volumeId: 'v', model: 'm', seconds: 0, voxels: 12, runs }, dims, axis, index), box, axis, 0, one))).toEqual(picture(sliceRGBA(whole, dims, axis, index, one)));
      }
    }
  });

  test('the histogram counts each value in its bin, the top value in the last', () => {
    expect(histogram([0, 0, 1, 5, 9.99, 10], [0, 10], 5)).toEqual([3, 0, 1, 0, 2]);
  });
});
