// The measurements store as the workspace sees it (snapshot → JSON → restore), and the plain geometry of
// rulers, angles and regions on a small grid whose answers are counted by hand.
import { beforeEach, expect, test } from 'vitest';
import { useMeasurements } from '../../renderer/state/measurements';
import { angleAt, distance, roiStats } from '../../renderer/geometry/measureGeometry';
import { sliceFrame } from '../../renderer/geometry/sliceGeometry';

beforeEach(() => useMeasurements.getState().restore({ version: 1, measurements: [] }));

test('a snapshot survives JSON and restores the same measurements', () => {
  const store = useMeasurements.getState();
  const id = store.add('ruler', { volumeId: 'v1', orientation: 'axial' }, [[0, 0, 0], [3, 4, 0]]);
  store.update(id, { name: 'Femur' });
  store.add('angle', { volumeId: 'v1', orientation: 'coronal' }, [[1, 0, 0], [0, 0, 0], [0, 0, 1]]);
  const json = JSON.parse(JSON.stringify(store.snapshot()));
  store.remove(id);
  store.restore(json);
  expect(useMeasurements.getState().items.map(({ name, kind, volumeId, points }) => ({ name, kind, volumeId, points }))).toEqual([
    { name: 'Femur', kind: 'ruler', volumeId: 'v1', points: [[0, 0, 0], [3, 4, 0]] },
    { name: 'Angle 1', kind: 'angle', volumeId: 'v1', points: [[1, 0, 0], [0, 0, 0], [0, 0, 1]] },
  ]);
});

test('a bad snapshot is refused with what is wrong, and nothing is lost', () => {
  const store = useMeasurements.getState();
  store.add('ruler', { volumeId: 'v1', orientation: 'axial' }, [[0, 0, 0], [1, 0, 0]]);
  expect(() => store.restore({ version: 1, measurements: [{ id: 'x', name: 'y', kind: 'spline', orientation: 'axial', points: [] }] })).toThrow(/measurements\.0\.kind/);
  expect(useMeasurements.getState().items).toHaveLength(1);
});

test('lengths and angles', () => {
  expect(distance([0, 0, 0], [3, 4, 12])).toBe(13);
  expect(angleAt([1, 0, 0], [0, 0, 0], [0, 1, 0])).toBeCloseTo(90, 10);
  expect(angleAt([1, 0, 0], [0, 0, 0], [-1, 1, 0])).toBeCloseTo(135, 10);
});

test('a rectangle and an ellipse over a 5 × 5 slice count the voxel centres inside', () => {
  const grid = { dims: [5, 5, 1] as [number, number, number], spacing: [2, 2, 3] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const values = Array.from({ length: 25 }, (_, n) => n); // value = i + 5j
  const voxels = { grid, values, axis: 2, index: 0, level: 0 };
  const frame = sliceFrame(grid, 'axial');
  // Rectangle over x 1–5 mm, y 1–5 mm: centres i, j ∈ {1, 2} → values 6, 7, 11, 12.
  const rectangle = roiStats(voxels, frame, 'rectangle', [1, 1, 0], [5, 5, 0])!;
  expect(rectangle).toMatchObject({ count: 4, mean: 9, min: 6, max: 12, area: 16 });
  expect(rectangle.std).toBeCloseTo(Math.sqrt((9 + 4 + 4 + 9) / 4), 12);
  // Ellipse (a circle of radius 2.1 mm) about voxel (2, 2) at 4 mm: itself and its four neighbours.
  const ellipse = roiStats(voxels, frame, 'ellipse', [1.9, 1.9, 0], [6.1, 6.1, 0])!;
  expect(ellipse).toMatchObject({ count: 5, mean: 12, min: 7, max: 17, area: 20 });
});
