// HDF5 labelmaps carry their segment table: an export of three named, coloured segments read back by h5py
// (table, convention attributes, voxels equal the labelmap served over the contract), imported into a fresh
// session with the same table and voxels; the download routes serve the same files; a wrong grid is refused.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import { call, fixture, labelsOf, root, scratch, scratchFile, startHost } from './segmentHarness';

interface H5View {
  value: number[];
  valueDtype: string;
  name: string[];
  color: number[][];
  colorDtype: string;
  attrs: Record<string, unknown>;
  dtype: string;
  equal: boolean;
  counts: Record<string, number>;
}

const h5py = <T>(job: Record<string, unknown>): T =>
  JSON.parse(execFileSync('/usr/bin/python3', [join(root, 'test/fixtures/export_reference.py')], { input: JSON.stringify(job), encoding: 'utf8' })) as T;

const SEGMENTS = [
  { value: 1, name: 'Box wall', color: [230, 220, 70] as [number, number, number] },
  { value: 2, name: 'Bälle – small & big', color: [111, 184, 210] as [number, number, number] },
  { value: 5, name: 'Dab', color: [200, 30, 90] as [number, number, number] },
];

let host: Host;
let volumeId: string;
let labels: Uint8Array;
const exported = join(scratch, 'three.h5');

beforeAll(async () => {
  host = startHost();
  volumeId = (await call(host, 'volume.open', { path: fixture('phantom.nii.gz') })).id;
  for (const segment of SEGMENTS) await call(host, 'segment.add', { volumeId, ...segment });
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'threshold', segment: 1, range: [300, 300] } });
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'threshold', segment: 2, range: [100, 104] } });
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'paint', segment: 5, shape: 'sphere', radiusMm: 2.5, points: [[12, 32, 18]] } });
  labels = await labelsOf(host, volumeId);
}, 60_000);

afterAll(() => host.close());

test('an .h5 export holds the segment table and the convention, read by h5py; its voxels equal the labelmap', async () => {
  await call(host, 'segment.export', { volumeId, path: exported });
  const read = h5py<H5View>({ job: 'read', path: exported, labels: scratchFile(labels), dtype: 'uint8', shape: [48, 40, 36] });
  expect(read).toMatchObject({
    value: [1, 2, 5],
    valueDtype: 'uint16',
    name: SEGMENTS.map((s) => s.name),
    color: SEGMENTS.map((s) => s.color),
    colorDtype: 'uint8',
    dtype: 'uint8',
    equal: true,
  });
  expect(Object.keys(read.counts).sort()).toEqual(['0', '1', '2', '5']);
  expect(read.attrs).toMatchObject({ convention: 'voxbench-labelmap-1', segment_table: '/entry/segments', grid_unit: 'mm', origin: [-10, -12, 5] });
  // The phantom's NIfTI header stores its spacing as float32.
  (read.attrs.spacing as number[]).forEach((mm, axis) => expect(mm).toBeCloseTo([0.8, 0.9, 1.25][axis]!, 6));
  expect(read.attrs.direction).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
});

test('the .h5 imports into a fresh session with the same table and voxels', async () => {
  const fresh = startHost();
  try {
    const id = (await call(fresh, 'volume.open', { path: fixture('phantom.nii.gz') })).id;
    const info = await call(fresh, 'segment.import', { volumeId: id, path: exported });
    expect(info.segments.map(({ value, name, color }) => ({ value, name, color }))).toEqual(SEGMENTS);
    expect(Buffer.compare(await labelsOf(fresh, id), labels)).toBe(0);
  } finally {
    await fresh.close();
  }
});

test('an .h5 labelmap on another grid (voxel counts, or voxel size with the right counts) is a GridMismatch naming the file', async () => {
  const path = join(scratch, 'wrong_grid.h5');
  h5py({ job: 'wrongGrid', path, dims: [10, 10, 10] });
  await expect(call(host, 'segment.import', { volumeId, path })).rejects.toMatchObject({ kind: 'GridMismatch', message: expect.stringContaining('wrong_grid.h5 is 10×10×10') });
  const coarse = join(scratch, 'coarse_grid.h5');
  h5py({ job: 'wrongGrid', path: coarse, dims: [48, 40, 36], spacing: [1, 1, 1], origin: [-10, -12, 5] });
  await expect(call(host, 'segment.import', { volumeId, path: coarse })).rejects.toMatchObject({ kind: 'GridMismatch', message: expect.stringContaining('coarse_grid.h5 has voxel spacing (1, 1, 1) but phantom.nii.gz has (0.8, 0.9, 1.25)') });
});

test('the download routes serve the same labelmap and statistics files, and leave no temporary file behind', async () => {
  const temporaries = () => readdirSync(tmpdir()).filter((name) => name.startsWith('voxbench-export-')).length;
  const before = temporaries();
  const response = await host.serveData(`segment/${volumeId}/export/phantom-segments.h5`);
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Disposition')).toBe('attachment; filename="phantom-segments.h5"');
  const downloaded = join(scratch, 'downloaded.h5');
  writeFileSync(downloaded, new Uint8Array(await response.arrayBuffer()));
  expect(h5py<H5View>({ job: 'read', path: downloaded, labels: scratchFile(labels), dtype: 'uint8', shape: [48, 40, 36] })).toMatchObject({ name: SEGMENTS.map((s) => s.name), equal: true });
  await expect.poll(temporaries).toBe(before);

  const csv = await host.serveData(`segment/${volumeId}/statistics.csv`);
  expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
  const path = join(scratch, 'statistics.csv');
  await call(host, 'segment.exportStatistics', { volumeId, path });
  expect(await csv.text()).toBe(readFileSync(path, 'utf8'));
});

test('a download route with an unknown format, a path in the name or an unknown volume says what was wrong', async () => {
  const unsupported = await host.serveData(`segment/${volumeId}/export/labels.tif`);
  expect([unsupported.status, await unsupported.text()]).toEqual([422, expect.stringContaining('labels.tif')]);
  expect((await host.serveData(`segment/${volumeId}/export/..%2Fescape.h5`)).status).toBe(400);
  expect((await host.serveData('segment/no-such-volume/export/x.h5')).status).toBe(404);
});

test('the save dialog the desktop export asks is Unavailable in browser mode, which downloads instead', async () => {
  await expect(call(host, 'dialog.saveFile', { suggestedName: 'phantom-segments.h5' })).rejects.toMatchObject({ kind: 'Unavailable' });
});
