// The editor's histogram against numpy.histogram's definition (equal bins over the range, the top edge in the last
// bin) computed edge by edge, and the level order of a large volume.
import { expect, test } from 'vitest';
import type { VolumeInfo } from '../../electron/common/contract';
import { histogram, linearHeights, logHeights } from '../../renderer/display/histogram';
import { levelToShow, loadingOrder } from '../../renderer/state/volumes';

/** numpy.histogram(values, bins, range=(low, high))[0], bin by bin: low + b·width ≤ v < low + (b+1)·width. */
function countsBetweenEdges(values: ArrayLike<number>, low: number, high: number, bins: number): number[] {
  const edge = (b: number) => low + (b * (high - low)) / bins;
  return Array.from({ length: bins }, (_, b) => Array.from(values).filter((v) => v >= edge(b) && (b === bins - 1 ? v <= high : v < edge(b + 1))).length);
}

test('values on bin edges: 40-wide bins over [-1000, 1000], the top value in the last bin', () => {
  const counts = histogram([-1000, -961, -960, 0, 999, 1000], [-1000, 1000], 50);
  const expected = new Array<number>(50).fill(0);
  [expected[0], expected[1], expected[25], expected[49]] = [2, 1, 1, 2];
  expect(counts).toEqual(expected);
});

test('counts per bin equal numpy.histogram over the value range', () => {
  const values = Int16Array.from({ length: 5000 }, (_, n) => ((n * 7919) % 2001) - 1000);
  const counts = histogram(values, [-1000, 1000], 50);
  expect(counts).toEqual(countsBetweenEdges(values, -1000, 1000, 50));
  expect(counts.reduce((a, b) => a + b)).toBe(5000);
});

test('log heights: the largest bin is 1, an empty one 0, a small peak still shows', () => {
  const heights = logHeights([0, 10, 1_000_000]);
  expect(heights[0]).toBe(0);
  expect(heights[2]).toBe(1);
  expect(heights[1]).toBeGreaterThan(0.15);
});

test('linear heights are the counts over the largest', () => {
  expect(linearHeights([0, 250, 1000])).toEqual([0, 0.25, 1]);
  expect(linearHeights([0, 0])).toEqual([0, 0]);
});

test('a large volume loads its coarsest level first, then the finest level within the budget', () => {
  const level = (n: number) => ({ dims: [2048 >> n, 2048 >> n, 1024 >> n] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], voxels: `level/${n}` });
  const info = { dtype: 'uint16', levels: [0, 1, 2, 3, 4].map(level) } as unknown as VolumeInfo;
  expect(levelToShow(info, 256 << 20)).toBe(2); // 512 × 512 × 256 × 2 bytes = 128 MiB
  expect(loadingOrder(info)).toEqual([4, 2]);
  expect(loadingOrder({ ...info, levels: [level(3)] })).toEqual([0]);
});
