// Segmenting a volume larger than the segmentation memory budget (16 MiB here, for a 12 MiB labelmap and a
// 25 MiB image): tools work window by window, growing widens its window until the region fits, bricks beyond
// the budget are deflated, a tool that needs more than the budget at once says so, and every result equals
// numpy/scipy on the same scan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import { call, fixture, labelsOf, reference, scratch, scratchFile, startHost, summary } from './segmentHarness';

type Summary = { count: number; sha256: string };

const budget = 16 << 20;
const shape = [256, 256, 192];
const scan = fixture('large.nii');
let host: Host;
let volumeId: string;
const progress: { message: string }[] = [];

beforeAll(async () => {
  process.env.VOXBENCH_SEGMENT_MEMORY_MB = String(budget >> 20);
  host = startHost();
  host.onEvent((event, payload) => event === 'progress' && progress.push(payload as { message: string }));
  volumeId = (await call(host, 'volume.open', { path: scan })).id;
  for (let n = 0; n < 3; n++) await call(host, 'segment.add', { volumeId });
});

afterAll(async () => {
  delete process.env.VOXBENCH_SEGMENT_MEMORY_MB;
  await host.close();
});

const labelmap = () => host.services.segments.of(volumeId).labelmap;
const apply = (operation: Parameters<typeof call<'segment.apply'>>[2]['operation']) => call(host, 'segment.apply', { volumeId, operation });

test('a threshold over the whole volume runs in pieces and keeps only a quarter of the budget unpacked', async () => {
  progress.length = 0;
  await apply({ tool: 'threshold', segment: 1, range: [40, 250] });
  expect(summary(await labelsOf(host, volumeId), 1)).toEqual(reference<Summary>({ job: 'threshold', image: scan, range: [40, 250] }));
  expect(progress.filter((p) => /threshold: part \d+ of \d+/.test(p.message)).length).toBeGreaterThan(4);
  const { unpacked, packed } = labelmap().memory();
  expect(unpacked).toBeLessThanOrEqual(budget / 4);
  expect(packed).toBeGreaterThan(0);
});

test('growing from a seed in the tube widens its window until the tube fits, and equals scipy', async () => {
  progress.length = 0;
  await apply({ tool: 'grow', segment: 2, seeds: [[20, 60, 100]], range: [200, 200], connectivity: 6 });
  expect(summary(await labelsOf(host, volumeId), 2)).toEqual(reference<Summary>({ job: 'grow', image: scan, range: [200, 200], seed: [20, 60, 100], connectivity: 6 }));
  expect(progress.some((p) => /grow: widening/.test(p.message))).toBe(true);
});

test('a tool needing more than the budget at once refuses, naming the tool and the budget; the labelmap is unchanged', async () => {
  const before = summary(await labelsOf(host, volumeId), 1);
  await expect(apply({ tool: 'islands', segment: 1, mode: 'keepLargest' })).rejects.toThrow(/TooLargeForMemory: islands on large\.nii needs .* voxels at once, more than the 16 MiB/);
  expect(summary(await labelsOf(host, volumeId), 1)).toEqual(before);
});

test('dilating a segment larger than the budget runs in slabs, each read with a halo, and equals scipy', async () => {
  const mask = Uint8Array.from(await labelsOf(host, volumeId), (v) => (v === 1 ? 1 : 0));
  progress.length = 0;
  await apply({ tool: 'morphology', segment: 1, operation: 'dilate', mm: 1 });
  expect(progress.filter((p) => /morphology: part \d+ of \d+/.test(p.message)).length).toBeGreaterThan(4);
  const dilated = reference<Summary>({ job: 'dilate', mask: scratchFile(mask), shape, spacing: [0.5, 0.5, 0.5], mm: 1 });
  expect(summary(await labelsOf(host, volumeId), 1)).toEqual(dilated);
});

test('islands and statistics on a segment that fits run on the window around it and equal numpy', async () => {
  await apply({ tool: 'threshold', segment: 3, range: [150, 150] });
  await apply({ tool: 'islands', segment: 3, mode: 'keepLargest', connectivity: 26 });
  const labels = await labelsOf(host, volumeId);
  const ball = reference<Summary>({ job: 'threshold', image: scan, range: [150, 150] });
  expect(summary(labels, 3)).toEqual(ball);
  const [stats] = await call(host, 'segment.statistics', { volumeId, segments: [3] });
  expect(stats).toMatchObject({ voxels: ball.count, mean: 150, min: 150, max: 150, box: { min: [168, 168, 128], max: [193, 193, 153] } });
});

test('undo and redo of a brush stroke swap its bricks back and forth', async () => {
  const before = summary(await labelsOf(host, volumeId), 3);
  await apply({ tool: 'paint', segment: 3, shape: 'sphere', radiusMm: 4, points: [[100, 150, 100]] });
  const painted = summary(await labelsOf(host, volumeId), 3);
  expect(painted.count).toBeGreaterThan(before.count);
  await call(host, 'segment.undo', { volumeId });
  expect(summary(await labelsOf(host, volumeId), 3)).toEqual(before);
  await call(host, 'segment.redo', { volumeId });
  expect(summary(await labelsOf(host, volumeId), 3)).toEqual(painted);
});

test('cancelling a threshold half way through its pieces puts every piece back', async () => {
  const before = summary(await labelsOf(host, volumeId), 1);
  progress.length = 0;
  const running = host.dispatch('segment.apply', { volumeId, operation: { tool: 'threshold', segment: 1, range: [0, 30] } });
  // Once the second piece starts, the first has landed in the labelmap.
  await expect.poll(() => progress.some((p) => /threshold: part 2 of/.test(p.message)), { timeout: 15_000, interval: 5 }).toBe(true);
  expect(await call(host, 'segment.cancel', { volumeId })).toBe(true);
  expect(await running).toMatchObject({ ok: false, error: { kind: 'Cancelled' } });
  expect(summary(await labelsOf(host, volumeId), 1)).toEqual(before);
});

test('a workspace keeps the bricks as they are (deflated ones unchanged) and loads them back equal', async () => {
  const path = join(scratch, 'large.voxbench');
  await call(host, 'workspace.save', { path });
  const file = JSON.parse(readFileSync(path, 'utf8'));
  expect(file.volumes[0].labels).toMatchObject({ brick: 64, type: 'uint8' });
  const other = startHost();
  try {
    const loaded = await call(other, 'workspace.load', { path });
    expect(Buffer.compare(await labelsOf(other, loaded.renamed[volumeId]!), await labelsOf(host, volumeId))).toBe(0);
  } finally {
    await other.close();
  }
});

test('exports stream slab by slab and read back equal in nibabel, h5py and numpy', async () => {
  const paths = Object.fromEntries(['nii.gz', 'h5', 'seg.nrrd'].map((extension) => [extension, join(scratch, `large.${extension}`)]));
  for (const path of Object.values(paths)) await call(host, 'segment.export', { volumeId, path });
  const result = reference<Record<string, boolean>>({ job: 'exports', labels: scratchFile(await labelsOf(host, volumeId)), dtype: 'uint8', shape, nifti: paths['nii.gz'], hdf5: paths.h5, nrrd: paths['seg.nrrd'] });
  expect(result).toMatchObject({ niftiEqual: true, hdf5Equal: true, nrrdEqual: true });
});
