// Slice interpolation against ITK's MorphologicalContourInterpolator (what 3D Slicer's "Fill between slices"
// runs) on the same inputs, along each axis: painted slices unchanged, every filled slice as ITK's.
import { describe, expect, it } from 'vitest';
import { interpolateSlices } from '../../electron/services/segment/kernels/index.js';
import { discs, itkInterpolate, phantomStructure, sliceDice, type Painted } from './interpolateReference.js';

const dims = [36, 40, 44] as const;
const shapes: ((axis: 0 | 1 | 2) => Painted)[] = [
  (axis) => discs('discs of radius 4 and 11, ten slices apart', dims, axis, [[5, 17, 18, 4], [15, 17, 19, 11]]),
  (axis) => discs('disc shifted 9 pixels in the slice', dims, axis, [[4, 12, 14, 6], [12, 21, 16, 6]]),
  (axis) => discs('one disc splitting into two', dims, axis, [[6, 17, 20, 10], [14, 10, 20, 5], [14, 25, 21, 5]]),
  (axis) => discs('two discs merging into one', dims, axis, [[6, 10, 20, 5], [6, 25, 21, 5], [14, 17, 20, 10]]),
  (axis) => discs('a disc with no partner vanishes', dims, axis, [[5, 12, 12, 5], [5, 27, 28, 6], [13, 12, 13, 6]]),
  (axis) => discs('four painted slices, growing then shrinking', dims, axis, [[3, 15, 15, 3], [9, 17, 18, 10], [16, 18, 20, 7], [30, 20, 20, 2]]),
];

describe.each([0, 1, 2] as const)('along axis %i', (axis) => {
  it.each(shapes.map((shape) => [shape(axis).name, shape] as const))('%s: as ITK', (_, shape) => {
    const { mask, dims: size } = shape(axis);
    expectLikeItk(mask, size, axis);
  });

  // 300: the bright ellipsoids (islands appearing, splitting, vanishing); 1000: the skull (a ring, islands with holes).
  it.each([300, 1000])("the phantom's structure of value %i, painted every 5th slice: as ITK", (value) => {
    const { mask, dims: size } = phantomStructure(value, axis, 5);
    expectLikeItk(mask, size, axis);
  });
});

/** Same algorithm, same tie-breaks: every filled slice equals ITK's (Dice 1), painted slices are kept. */
function expectLikeItk(mask: Uint8Array, size: readonly [number, number, number], axis: 0 | 1 | 2): void {
  const ours = interpolateSlices(mask, size, axis);
  const itk = itkInterpolate(mask, size, axis).mask;
  const slices = sliceDice(ours, itk, size, axis);
  const kept = sliceDice(ours, mask, size, axis);
  for (let s = 0; s < slices.length; s++) {
    if (kept[s]!.b > 0) expect(kept[s]!.dice, `painted slice ${s}`).toBe(1);
    else if (slices[s]!.a + slices[s]!.b > 0) expect(slices[s]!.dice, `slice ${s}: ours ${slices[s]!.a} voxels, ITK ${slices[s]!.b}`).toBe(1);
  }
  const [total, itkTotal] = [ours.reduce((a, b) => a + b, 0), itk.reduce((a, b) => a + b, 0)];
  expect(total).toBe(itkTotal);
}
