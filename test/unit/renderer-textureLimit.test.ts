// Fitting a volume into the GPU's 3D texture limit: the step, and the voxels kept (numpy's a[::s, ::s, ::s]).
import { expect, test } from 'vitest';
import { subsample, textureStep } from '../../renderer/geometry/textureLimit';

test('the step is the smallest whole number that brings every axis within the limit', () => {
  expect(textureStep([512, 512, 300], 2048)).toBe(1);
  expect(textureStep([2049, 10, 10], 2048)).toBe(2);
  expect(textureStep([128, 128, 96], 40)).toBe(4);
});

test('subsampling keeps every step-th voxel, as numpy slicing does', () => {
  const dims: [number, number, number] = [7, 5, 4];
  const values = Int16Array.from({ length: 7 * 5 * 4 }, (_, n) => (n * 37) % 1001);
  const kept = subsample({ dims, spacing: [1, 2, 3] }, values, 3);
  // a.reshape(4, 5, 7)[::3, ::3, ::3] keeps z ∈ {0, 3}, y ∈ {0, 3}, x ∈ {0, 3, 6}: flat index z·35 + y·7 + x.
  const keptIndices = [0, 3, 6, 21, 24, 27, 105, 108, 111, 126, 129, 132];
  const expected = keptIndices.map((n) => values[n]);
  expect(kept.dims).toEqual([3, 2, 2]);
  expect(kept.spacing).toEqual([3, 6, 9]);
  expect(kept.values).toBeInstanceOf(Int16Array);
  expect([...kept.values]).toEqual(expected);
});
