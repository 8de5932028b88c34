// The Segment Editor's export controls in real Chromium (browser mode, no save dialog): a threshold applied in
// the panel plus two named, coloured segments, then Export as .seg.nrrd, .nii.gz and .h5 and Statistics CSV.
// Each download is read by an independent tool (nibabel, h5py, the NRRD text header + gzip, Python's csv) and
// held against the labelmap read back over the contract and the scan's own affine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import type { VolumeInfo } from '../../electron/common/contract';
import { connectContract, type ContractSocket } from './contractSocket';
import { RESULTS, settled } from './harness';
import { onPhantom, segmentsRevision } from './phantomPage';

const root = join(import.meta.dirname, '../..');
const downloads = mkdtempSync(join(tmpdir(), 'vb-export-e2e-'));
const NAMED = [
  { value: 2, name: 'Left ventricle ✓', color: [220, 40, 60] as [number, number, number] },
  { value: 3, name: 'Dab', color: [40, 200, 90] as [number, number, number] },
];

let page: Page;
let server: string;
let contract: ContractSocket;
onPhantom(async (opened, session) => {
  page = opened;
  server = session.server.url;
  contract = await connectContract(server);
});
afterAll(() => contract?.close());

const revision = () => segmentsRevision(page);

/** Clicks `selector` and saves the file Chromium downloads, under the name the page gave it. */
async function downloaded(selector: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

test('Export downloads .seg.nrrd, .nii.gz, .h5 and the statistics CSV that nibabel, h5py and numpy read as the labelmap', { timeout: 120_000 }, async () => {
  const [volume] = (await contract.call('volume.list', {})) as VolumeInfo[];
  const volumeId = volume!.id;
  await page.waitForSelector('[data-testid=segments-panel][data-revision]');

  // A threshold over the brightest quarter of the values, through the panel, into a new segment 1.
  const [low, high] = volume!.range;
  let before = await revision();
  await page.click('[data-testid=add-segment]');
  await expect.poll(revision).toBeGreaterThan(before);
  await page.click('[data-segment-tool=threshold]');
  await page.fill('[data-testid=range-low]', String(low + 0.75 * (high - low)));
  await page.fill('[data-testid=range-high]', String(high));
  before = await revision();
  await page.click('[data-testid=apply-tool]');
  await expect.poll(revision, { timeout: 20_000 }).toBeGreaterThan(before);
  // Two named, coloured segments painted through the contract.
  for (const segment of NAMED) await contract.call('segment.add', { volumeId, ...segment });
  await contract.call('segment.apply', { volumeId, operation: { tool: 'paint', segment: 2, shape: 'sphere', radiusMm: 8, points: [[64, 50, 48]] } });
  await contract.call('segment.apply', { volumeId, operation: { tool: 'paint', segment: 3, shape: 'sphere', radiusMm: 5, points: [[30, 90, 40]] } });
  const info = await contract.call('segment.info', { volumeId });
  await expect.poll(revision).toBe(info.revision);
  await settled(page);

  const files: Record<string, string> = {};
  for (const [format, key] of [['.seg.nrrd', 'nrrd'], ['.nii.gz', 'nifti'], ['.h5', 'hdf5']] as const) {
    await page.selectOption('[data-testid=export-format]', format);
    files[key] = await downloaded('[data-testid=export-segments]');
    expect(files[key]).toMatch(new RegExp(`-segments${format.replace(/\./g, '\\.')}$`));
  }
  files.csv = await downloaded('[data-testid=export-statistics]');
  expect(files.csv).toMatch(/-statistics\.csv$/);
  await page.locator('[data-testid=segments-panel]').screenshot({ path: join(RESULTS, 'segment-export-panel.png') });

  const response = await fetch(`${new URL(server).origin}/data/segment/${volumeId}/labels?token=${new URL(server).searchParams.get('token')}`);
  const labels = join(downloads, 'labels.raw');
  writeFileSync(labels, new Uint8Array(await response.arrayBuffer()));
  const job = { job: 'downloads', labels, dtype: info.dtype, shape: volume!.dims, scan: volume!.path, ...files };
  const read = JSON.parse(execFileSync('/usr/bin/python3', [join(root, 'test/fixtures/export_reference.py')], { input: JSON.stringify(job), encoding: 'utf8' })) as {
    niftiEqual: boolean;
    niftiAffineEqual: boolean;
    nrrdEqual: boolean;
    nrrdFields: Record<string, string>;
    hdf5: { value: number[]; name: string[]; color: number[][]; equal: boolean };
    csvVoxels: Record<string, number>;
    numpyVoxels: Record<string, number>;
  };
  const table = info.segments.map(({ value, name, color }) => ({ value, name, color }));
  expect(table.slice(1)).toEqual(NAMED);
  expect(read).toMatchObject({ niftiEqual: true, niftiAffineEqual: true, nrrdEqual: true });
  expect(read.hdf5).toMatchObject({ value: table.map((s) => s.value), name: table.map((s) => s.name), color: table.map((s) => s.color), equal: true });
  table.forEach(({ value, name, color }, n) => {
    expect(read.nrrdFields[`Segment${n}_Name`]).toBe(name);
    expect(read.nrrdFields[`Segment${n}_LabelValue`]).toBe(String(value));
    expect(read.nrrdFields[`Segment${n}_Color`]!.split(' ').map((c) => Math.round(Number(c) * 255))).toEqual(color);
  });
  expect(Object.keys(read.numpyVoxels)).toEqual(['1', '2', '3']);
  expect(read.csvVoxels).toEqual(read.numpyVoxels);
});
