import { expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { probe, probeLines, withArrival } from '../../renderer/geometry/voxelProbe';

const grid = { dims: [4, 3, 2] as Vec3, spacing: [2, 3, 4] as Vec3, origin: [10, 20, 30] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const values = Int16Array.from({ length: 24 }, (_, n) => n * 10 - 50); // value = 10 × (i + 4j + 12k) − 50

test('the nearest voxel, its index and its value', () => {
  const found = probe(grid, values, [10 + 2 * 3 + 0.9, 20 + 3 * 2 - 1.4, 30 + 4 * 1 + 1.9]);
  expect(found.index).toEqual([3, 2, 1]);
  expect(found.value).toBe(10 * (3 + 4 * 2 + 12 * 1) - 50);
});

test('outside the volume there is an index but no value', () => {
  const found = probe(grid, values, [10 - 2, 20, 30]);
  expect(found.index).toEqual([-1, 0, 0]);
  expect(found.value).toBeUndefined();
  expect(probeLines(found, 'mm', 'HU', 'int16')[2]).toBe('—');
});

test('readout lines: index, position in the volume\'s unit, value with its unit', () => {
  const lines = probeLines({ index: [64, 70, 48], world: [-1.5, 9, 123.456], value: -1000 }, 'mm', 'HU', 'int16');
  expect(lines).toEqual(['[64, 70, 48]', '−1.50, 9.00, 123.5 mm (LPS)', '−1000 HU']);
  expect(probeLines({ index: [0, 0, 0], world: [0, 0, 0], value: 0.123456789 }, 'µm', undefined, 'float32')[2]).toBe('0.12346');
});

test('a voxel of a slice still coming from the PACS reads "not arrived", not its fill value', () => {
  const arrival = { arrived: 3, total: 10, first: 5, missing: [[0, 3], [7, 7], [9, 9]] as [number, number][] };
  const at = (z: number) => withArrival({ index: [1, 2, z], world: [0, 0, 0], value: -2048 }, arrival);
  expect([0, 3, 4, 5, 6, 7, 8, 9].map((z) => probeLines(at(z), 'mm', 'HU', 'int16')[2])).toEqual(['not arrived', 'not arrived', '−2048 HU', '−2048 HU', '−2048 HU', 'not arrived', '−2048 HU', 'not arrived']);
  // Outside the volume stays '—'; a volume whose slices all came has no arrival.
  expect(probeLines(withArrival({ index: [-1, 0, 0], world: [0, 0, 0] }, arrival), 'mm', 'HU', 'int16')[2]).toBe('—');
  expect(withArrival({ index: [0, 0, 0], world: [0, 0, 0], value: 1 }, undefined).notArrived).toBeUndefined();
});
