// Segmentation through host.dispatch: each tool against scipy/skimage on the same phantom, undo/redo,
// statistics against numpy/skimage, the labelmap bulk route.
import { describe, expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import type { SegmentStatistics } from '../../electron/common/segmentCalls';
import { call, fixture, labelsOf, onPhantomHost, reference, scratchFile, summary } from './segmentHarness';

const dims: [number, number, number] = [48, 40, 36];
const spacing = [0.8, 0.9, 1.25];
let host: Host;
let id: string;

onPhantomHost((opened, volumeId) => ([host, id] = [opened, volumeId]));

const apply = (operation: Parameters<typeof call<'segment.apply'>>[2]['operation']) => call(host, 'segment.apply', { volumeId: id, operation });
const mask = (labels: Uint8Array, value: number) => scratchFile(Uint8Array.from(labels, (v) => (v === value ? 1 : 0)));

describe('tools against scipy on the phantom', () => {
  test('threshold, remove small islands, keep largest, grow, fill holes, dilate; undo twice, redo once', { timeout: 90_000 }, async () => {
    const empty = await call(host, 'segment.info', { volumeId: id });
    expect(empty).toMatchObject({ dims, dtype: 'uint8', segments: [], canUndo: false, labels: `segment/${id}/labels` });
    for (const name of ['Balls', 'Small ball', 'Box']) await call(host, 'segment.add', { volumeId: id, name });

    await apply({ tool: 'threshold', segment: 1, range: [100, 104] });
    expect(summary(await labelsOf(host, id), 1)).toEqual(reference({ job: 'threshold', image: fixture('phantom.nii.gz'), range: [100, 104] }));

    const before = await labelsOf(host, id);
    await apply({ tool: 'islands', segment: 1, mode: 'removeSmall', minVoxels: 10, connectivity: 26 });
    const withoutSpecks = await labelsOf(host, id);
    expect(summary(withoutSpecks, 1)).toEqual(reference({ job: 'islands', mask: mask(before, 1), shape: dims, mode: 'removeSmall', minVoxels: 10, connectivity: 26 }));
    expect(summary(withoutSpecks, 1).count).toBe(summary(before, 1).count - 3);

    await apply({ tool: 'islands', segment: 1, mode: 'keepLargest', connectivity: 6 });
    expect(summary(await labelsOf(host, id), 1)).toEqual(reference({ job: 'islands', mask: mask(withoutSpecks, 1), shape: dims, mode: 'keepLargest', connectivity: 6 }));

    const grown = await apply({ tool: 'grow', segment: 2, seeds: [[38, 10, 8]], range: [100, 104], connectivity: 6 });
    expect(summary(await labelsOf(host, id), 2)).toEqual(reference({ job: 'grow', image: fixture('phantom.nii.gz'), seed: [38, 10, 8], range: [100, 104], connectivity: 6 }));
    expect(grown.changed!.min.every((v, k) => v <= [38, 10, 8][k]!)).toBe(true);

    await apply({ tool: 'threshold', segment: 3, range: [300, 300] });
    const wall = await labelsOf(host, id);
    await apply({ tool: 'fillHoles', segment: 3 });
    const filled = await labelsOf(host, id);
    expect(summary(filled, 3)).toEqual(reference({ job: 'fillHoles', mask: mask(wall, 3), shape: dims }));

    await apply({ tool: 'morphology', segment: 2, operation: 'dilate', mm: 1.5, overwrite: 'empty' });
    expect(summary(await labelsOf(host, id), 2)).toEqual(reference({ job: 'dilate', mask: mask(filled, 2), shape: dims, spacing, mm: 1.5 }));

    await call(host, 'segment.undo', { volumeId: id });
    const undone = await call(host, 'segment.undo', { volumeId: id });
    expect(Buffer.compare(await labelsOf(host, id), wall)).toBe(0);
    expect(undone.info).toMatchObject({ canUndo: true, canRedo: true, redoLabel: 'fillHoles' });
    const redone = await call(host, 'segment.redo', { volumeId: id });
    expect(Buffer.compare(await labelsOf(host, id), filled)).toBe(0);
    expect(redone.info.redoLabel).toBe('morphology');

    const log = await call(host, 'segment.log', { volumeId: id });
    expect(log.map((entry) => entry.action)).toEqual(['add', 'add', 'add', 'threshold', 'islands', 'islands', 'grow', 'threshold', 'fillHoles']);
    expect(log[6]).toMatchObject({ segment: 2, params: { tool: 'grow', seeds: [[38, 10, 8]], connectivity: 6, overwrite: 'all' } });
  });

  test('brush strokes: a disc and a sphere in mm, the sphere only within an intensity range, equal numpy', async () => {
    const volumeId = (await call(host, 'volume.open', { path: fixture('phantom.nii.gz') })).id;
    await call(host, 'segment.add', { volumeId });
    await call(host, 'segment.add', { volumeId });
    const image = fixture('phantom.nii.gz');
    await call(host, 'segment.apply', { volumeId, operation: { tool: 'paint', segment: 1, shape: 'disc', axis: 1, radiusMm: 3.2, points: [[40.3, 30.6, 5.2]] } });
    await call(host, 'segment.apply', { volumeId, operation: { tool: 'paint', segment: 2, shape: 'sphere', radiusMm: 9, points: [[14.2, 13.8, 14.1]], intensityRange: [102, 104] } });
    const labels = await labelsOf(host, volumeId);
    expect(summary(labels, 1)).toEqual(reference({ job: 'brush', image, shape: 'disc', axis: 1, point: [40.3, 30.6, 5.2], radius: 3.2, spacing }));
    expect(summary(labels, 2)).toEqual(reference({ job: 'brush', image, shape: 'sphere', point: [14.2, 13.8, 14.1], radius: 9, spacing, range: [102, 104] }));
  });

  test('statistics equal numpy and skimage (marching cubes area) on the same labels', async () => {
    const labels = await labelsOf(host, id);
    const rows = await call(host, 'segment.statistics', { volumeId: id });
    const truth = reference<Record<string, { voxels: number; mean: number; std: number; min: number; max: number; boxMin: number[]; boxMax: number[]; area: number }>>({
      job: 'statistics',
      image: fixture('phantom.nii.gz'),
      labels: scratchFile(labels),
      values: [1, 2, 3],
      spacing,
    });
    for (const row of rows) {
      const expected = truth[row.value]!;
      expect(row).toMatchObject({ voxels: expected.voxels, unit: 'mm', min: expected.min, max: expected.max, box: { min: expected.boxMin, max: expected.boxMax } });
      expect(Math.abs(row.volume / (expected.voxels * 0.8 * 0.9 * 1.25) - 1)).toBeLessThan(1e-6);
      expect(row.mean).toBeCloseTo(expected.mean, 9);
      expect(row.std).toBeCloseTo(expected.std, 9);
      expect(Math.abs(row.surfaceArea - expected.area) / expected.area).toBeLessThan(1e-4);
    }
  });

  test('the bulk route serves a box of the labelmap; bad boxes are 404', async () => {
    const whole = await labelsOf(host, id);
    const response = await host.serveData(`segment/${id}/labels/10/12/14/20/22/16`);
    const box = new Uint8Array(await response.arrayBuffer());
    expect(box.length).toBe(10 * 10 * 2);
    expect(box[5 + 10 * (3 + 10 * 1)]).toBe(whole[15 + 48 * (15 + 40 * 15)]);
    expect((await host.serveData(`segment/${id}/labels/0/0/0/49/1/1`)).status).toBe(404);
    expect((await host.serveData('segment/nope/labels')).status).toBe(404);
  });

  test('micrometre volumes report µm³', async () => {
    const um = (await call(host, 'volume.open', { path: fixture('phantom_um.nii') })).id;
    await call(host, 'segment.add', { volumeId: um });
    await call(host, 'segment.apply', { volumeId: um, operation: { tool: 'threshold', segment: 1, range: [300, 300] } });
    const [row] = (await call(host, 'segment.statistics', { volumeId: um })) as [SegmentStatistics];
    expect(row.unit).toBe('µm');
    expect(Math.abs(row.volume / (row.voxels * 0.8 * 0.9 * 1.25) - 1)).toBeLessThan(1e-6);
  });

  test('locked segments are neither edited nor overwritten; bad requests are typed errors', async () => {
    const volumeId = (await call(host, 'volume.open', { path: fixture('phantom.nii.gz') })).id;
    await call(host, 'segment.add', { volumeId, name: 'Box' });
    await call(host, 'segment.add', { volumeId, name: 'Paint' });
    await call(host, 'segment.apply', { volumeId, operation: { tool: 'threshold', segment: 1, range: [300, 300] } });
    await call(host, 'segment.update', { volumeId, value: 1, locked: true });
    await expect(call(host, 'segment.apply', { volumeId, operation: { tool: 'fillHoles', segment: 1 } })).rejects.toMatchObject({ kind: 'SegmentLocked' });
    const before = summary(await labelsOf(host, volumeId), 1);
    await call(host, 'segment.apply', { volumeId, operation: { tool: 'paint', segment: 2, shape: 'sphere', radiusMm: 4, points: [[37, 29, 25]] } });
    expect(summary(await labelsOf(host, volumeId), 1)).toEqual(before);
    expect(summary(await labelsOf(host, volumeId), 2).count).toBeGreaterThan(50);
    await expect(call(host, 'segment.apply', { volumeId, operation: { tool: 'grow', segment: 9, seeds: [[1, 1, 1]], range: [0, 1] } })).rejects.toMatchObject({ kind: 'UnknownSegment' });
    expect((await host.dispatch('segment.apply', { volumeId, operation: { tool: 'paint', segment: 1 } })).ok).toBe(false);
  });
});
