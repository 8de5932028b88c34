// Replaying the operation log on the same input volume rebuilds the labelmap bit for bit, for every tool.
// (Cancelling is tested in segmentLarge.test.ts, where an edit runs long enough to be caught.)
import { expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import type { Action } from '../../electron/services/segment/actions';
import type { OperationInput } from '../../electron/common/segmentCalls';
import { call, fixture, labelsOf, onPhantomHost } from './segmentHarness';

let host: Host;
let id: string;

onPhantomHost((opened, volumeId) => ([host, id] = [opened, volumeId]));

const square: [number, number][] = [[3, 3], [30, 3], [30, 30], [3, 30]];

// Every tool, and every variant of those that have several.
const operations: OperationInput[] = [
  { tool: 'paint', segment: 1, shape: 'disc', axis: 2, radiusMm: 3, points: [[10, 10, 14], [20, 16, 14], [24, 24, 14]] },
  { tool: 'paint', segment: 2, shape: 'sphere', radiusMm: 5, points: [[-2, -3, 22]], space: 'world', intensityRange: [100, 110] },
  { tool: 'erase', segment: 1, shape: 'disc', axis: 0, radiusMm: 2, points: [[15, 14, 14]] },
  { tool: 'erase', shape: 'sphere', radiusMm: 2, points: [[14, 14, 14]] },
  // The box wall with its top cut off: its cavity is open in 3-D but closed in each axial slice.
  { tool: 'threshold', segment: 3, range: [300, 300], region: { min: [30, 22, 18], max: [44, 36, 26] } },
  { tool: 'fillHoles', segment: 3, perSliceAxis: 2 },
  { tool: 'threshold', segment: 3, range: [300, 300] },
  { tool: 'fillHoles', segment: 3 },
  { tool: 'grow', segment: 4, seeds: [[38, 10, 8]], range: [100, 104], connectivity: 26 },
  { tool: 'growFromSeeds', segments: [1, 2], range: [100, 104] },
  { tool: 'morphology', segment: 4, operation: 'dilate', mm: 1.2 },
  { tool: 'morphology', segment: 4, operation: 'erode', mm: 1 },
  { tool: 'morphology', segment: 1, operation: 'open', mm: 1 },
  { tool: 'morphology', segment: 1, operation: 'close', mm: 1.5 },
  { tool: 'morphology', segment: 4, operation: 'margin', mm: 1, shrink: true },
  { tool: 'morphology', segment: 3, operation: 'hollow', mm: 1.3 },
  { tool: 'threshold', segment: 5, range: [100, 104] },
  { tool: 'islands', segment: 5, mode: 'keepLargest', connectivity: 18 },
  { tool: 'threshold', segment: 5, range: [100, 104] },
  { tool: 'islands', segment: 5, mode: 'removeSmall', minVoxels: 5, connectivity: 6 },
  { tool: 'levelTrace', segment: 3, seed: [31, 23, 24], axis: 2 },
  { tool: 'islands', segment: 5, mode: 'split', minVoxels: 1, connectivity: 6 },
  { tool: 'paint', segment: 6, shape: 'disc', axis: 2, radiusMm: 2, points: [[10, 30, 5], [16, 30, 5]] },
  { tool: 'paint', segment: 6, shape: 'disc', axis: 2, radiusMm: 3, points: [[12, 30, 12], [18, 30, 12]] },
  { tool: 'interpolate', segment: 6, axis: 2 },
  { tool: 'smooth', segment: 6, method: 'median', radiusVoxels: 1 },
  { tool: 'smooth', segment: 3, method: 'gaussian', sigmaMm: 1 },
  // Segments of one labelmap never overlap: copy and union move voxels, intersect with another empties.
  { tool: 'logical', segment: 7, operation: 'copy', other: 3 },
  { tool: 'logical', segment: 7, operation: 'union', other: 6 },
  { tool: 'logical', segment: 8, operation: 'invert', overwrite: 'empty' },
  { tool: 'logical', segment: 8, operation: 'intersect', other: 7 },
  { tool: 'logical', segment: 7, operation: 'subtract', other: 1 },
  { tool: 'logical', segment: 7, operation: 'clear' },
  { tool: 'scissors', segment: 8, axis: 1, polygon: [[0, 0], [20, 0], [0, 20]], side: 'inside', action: 'fill', extent: 'volume' },
  { tool: 'scissors', axis: 1, polygon: [[0, 0], [10, 0], [0, 10]], side: 'inside', action: 'erase', extent: 'slice', slice: 5 },
  { tool: 'scissors', segment: 8, axis: 0, polygon: square, side: 'outside', action: 'erase', extent: 'volume' },
];

test('every tool, table change and import replays bit for bit on the same volume', { timeout: 120_000 }, async () => {
  const snapshots: Uint8Array[] = [];
  const snap = async () => snapshots.push(await labelsOf(host, id));
  for (let n = 1; n <= 8; n++) await call(host, 'segment.add', { volumeId: id });
  await snap();
  const unchanged: string[] = [];
  for (const operation of operations) {
    const { changed } = await call(host, 'segment.apply', { volumeId: id, operation });
    if (!changed) unchanged.push(`${operations.indexOf(operation)} ${operation.tool}`);
    await snap();
  }
  // Each operation above is chosen to change something (bar subtract, see above), so the replay checks real work.
  expect(unchanged, unchanged.join(', ')).toEqual([`${operations.length - 5} logical`]);
  const labels = Uint8Array.from(await labelsOf(host, id), (v, i) => (i % 7 === 0 ? 2 : v === 3 ? 1 : 0));
  await host.services.segments.importLabels(id, labels, [{ value: 1, name: 'Model', color: [1, 2, 3] }, { value: 2, name: 'Dots', color: [4, 5, 6] }], { model: 'test.onnx' });
  await snap();
  await call(host, 'segment.update', { volumeId: id, value: 3, name: 'Shell', color: [9, 9, 9], locked: true });
  await call(host, 'segment.apply', { volumeId: id, operation: { tool: 'paint', segment: 4, shape: 'sphere', radiusMm: 6, points: [[36, 28, 25]] } });
  await snap();
  await call(host, 'segment.merge', { volumeId: id, into: 4, from: [5, 6] });
  await call(host, 'segment.delete', { volumeId: id, value: 8 });
  await snap();

  const segments = host.services.segments;
  const actions: Action[] = segments.actions(id);
  expect(actions.filter((a) => a.kind === 'edit')).toHaveLength(operations.length + 1);
  const table = (await call(host, 'segment.info', { volumeId: id })).segments;
  expect(table.filter((s) => s.name.includes('island')).map((s) => s.value)).toEqual([9]);
  expect(table.filter((s) => s.value > 9).map((s) => s.name)).toEqual(['Model', 'Dots']);
  for (const snapshot of snapshots) expect(snapshot.some((v, i) => v !== snapshots[0]![i])).toBe(snapshot !== snapshots[0]);

  // The same scan opened again: each action in turn, compared with the labelmap the first run left.
  const again = (await call(host, 'volume.open', { path: fixture('phantom.nii.gz') })).id;
  let next = 0;
  for (const action of actions) {
    await segments.perform(again, action);
    const tables = action.kind === 'add' || action.kind === 'update' || action.kind === 'delete' || action.kind === 'merge';
    if (action.kind === 'edit' || action.kind === 'import' || (tables && actions.indexOf(action) === 7)) {
      expect(Buffer.compare(await labelsOf(host, again), snapshots[next++]!), `after ${action.kind === 'edit' ? action.edit.tool : action.kind} (#${next})`).toBe(0);
    }
  }
  expect(Buffer.compare(await labelsOf(host, again), snapshots.at(-1)!)).toBe(0);
  expect((await call(host, 'segment.info', { volumeId: again })).segments).toEqual((await call(host, 'segment.info', { volumeId: id })).segments);

  // And replay() itself, from scratch on the first volume.
  await segments.replay(id, actions);
  expect(Buffer.compare(await labelsOf(host, id), snapshots.at(-1)!)).toBe(0);
});
