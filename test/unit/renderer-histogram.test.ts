// The editor's histogram against numpy.histogram on the same values and bins, and the level order of a large volume.
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import type { VolumeInfo } from '../../electron/common/contract';
import { histogram, logHeights } from '../../renderer/display/histogram';
import { levelToShow, loadingOrder } from '../../renderer/state/volumes';

test('counts per bin equal numpy.histogram over the value range', () => {
  const values = Int16Array.from({ length: 5000 }, (_, n) => ((n * 7919) % 2001) - 1000);
  const script = `
import json, sys, numpy as np
v = np.array(json.loads(sys.argv[1]))
print(json.dumps(np.histogram(v, bins=50, range=(-1000, 1000))[0].tolist()))`;
  const expected = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify([...values])], { encoding: 'utf8' }));
  expect(histogram(values, [-1000, 1000], 50)).toEqual(expected);
});

test('log heights: the largest bin is 1, an empty one 0, a small peak still shows', () => {
  const heights = logHeights([0, 10, 1_000_000]);
  expect(heights[0]).toBe(0);
  expect(heights[2]).toBe(1);
  expect(heights[1]).toBeGreaterThan(0.15);
});

test('a large volume loads its coarsest level first, then the finest level within the budget', () => {
  const level = (n: number) => ({ dims: [2048 >> n, 2048 >> n, 1024 >> n] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], voxels: `level/${n}` });
  const info = { dtype: 'uint16', levels: [0, 1, 2, 3, 4].map(level) } as unknown as VolumeInfo;
  expect(levelToShow(info, 256 << 20)).toBe(2); // 512 × 512 × 256 × 2 bytes = 128 MiB
  expect(loadingOrder(info)).toEqual([4, 2]);
  expect(loadingOrder({ ...info, levels: [level(3)] })).toEqual([0]);
});
