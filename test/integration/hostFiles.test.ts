// The host file browser through the real host: listings stay inside the browse roots (a symlink out is refused),
// scans are recognised with the counts their generators wrote (truth.json) and the sizes the file system states,
// and the recent list survives a new process and finds a file about to be uploaded.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { HostFolder } from '../../electron/common/hostFilesCalls';
import { RecentScans } from '../../electron/services/hostFiles/recentScans';
import { createServices } from '../../electron/services/services';
import { createHost, noDialogs } from '../../electron/shell/host';
import { generatedDir, references } from '../fixtures/reference';
import { root } from './segmentHarness';

const scratch = mkdtempSync(join(tmpdir(), 'voxbench-hostfiles-'));
const browsed = join(scratch, 'data');
const outside = join(scratch, 'outside');
mkdirSync(outside);
cpSync(join(generatedDir, 'dicom', 'ct_signed'), join(browsed, 'ct_signed'), { recursive: true });
cpSync(join(generatedDir, 'tiff_meta_nrrd', 'slices_float32'), join(browsed, 'slices_float32'), { recursive: true });
for (const name of ['bigendian_float32.mhd', 'bigendian_float32.raw']) cpSync(join(generatedDir, 'tiff_meta_nrrd', name), join(browsed, name));
execFileSync('/usr/bin/python3', [fileURLToPath(new URL('../fixtures/foreign_zarr.py', import.meta.url)), browsed]);
symlinkSync(outside, join(browsed, 'link-out'));

const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, browseRoots: [browsed], sync: { settingsDir: join(scratch, 'settings') } }));
afterAll(() => host.close());

async function call<T>(method: string, params: object): Promise<T> {
  const reply = await host.dispatch(method, params);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { kind: reply.error.kind });
  return reply.result as T;
}

const sizeOf = (path: string) => statSync(path).size;
const filesIn = (folder: string) => readdirSync(folder).map((name) => join(folder, name));

describe('files.list', () => {
  test('recognises a DICOM series, a TIFF stack, a header with its data and an OME-Zarr, with their sizes', async () => {
    const folder = await call<HostFolder>('files.list', { path: browsed });
    const entry = (name: string) => folder.entries.find((candidate) => candidate.name === name)!;
    expect(folder.parent).toBeNull();
    // make_dicom.py wrote the series' slices, one DICOM file without pixels, and a README.
    expect(entry('ct_signed').scan).toEqual({ format: 'DICOM series', detail: `${references('dicom').ct_signed!.dims[2] + 1} DICOM files` });
    expect(entry('ct_signed').bytes).toBe(filesIn(join(browsed, 'ct_signed')).reduce((sum, path) => sum + sizeOf(path), 0));
    expect(entry('slices_float32').scan).toEqual({ format: 'TIFF stack', detail: `${references('tiff_meta_nrrd').slices_float32!.dims[2]} slices` });
    expect(entry('bigendian_float32.mhd').scan).toEqual({ format: 'MetaImage', detail: 'header + data file' });
    expect(entry('bigendian_float32.mhd').bytes).toBe(sizeOf(join(browsed, 'bigendian_float32.mhd')) + sizeOf(join(browsed, 'bigendian_float32.raw')));
    expect(entry('bigendian_float32.raw').scan).toBeUndefined();
    // foreign_zarr.py writes two levels in each: NGFF 0.4 in .zattrs (zarr-python), 0.5 in zarr.json's attributes.ome.
    for (const name of ['v2.ome.zarr', 'v3.ome.zarr']) {
      expect(entry(name).scan).toEqual({ format: 'OME-Zarr', detail: '2 levels' });
      expect(entry(name).bytes).toBe(readdirSync(join(browsed, name), { recursive: true, withFileTypes: true }).filter((file) => file.isFile()).reduce((sum, file) => sum + sizeOf(join(file.parentPath, file.name)), 0));
    }
    expect(folder.entries.findIndex((candidate) => candidate.kind === 'file')).toBeGreaterThan(folder.entries.findLastIndex((candidate) => candidate.kind === 'folder'));
  });

  test('a DICOM folder listed itself names its series and their slices (headers parsed)', async () => {
    const folder = await call<HostFolder>('files.list', { path: join(browsed, 'ct_signed') });
    expect(folder.parent).toBe(browsed);
    expect(folder.scan?.format).toBe('DICOM series');
    expect(folder.scan?.detail).toMatch(new RegExp(`^CT signed.*: ${references('dicom').ct_signed!.dims[2]} slices$`));
  });

  test('refuses folders outside the roots, through a symlink too', async () => {
    await expect(call('files.list', { path: outside })).rejects.toMatchObject({ kind: 'NotPermitted' });
    await expect(call('files.list', { path: join(browsed, 'link-out') })).rejects.toMatchObject({ kind: 'NotPermitted' });
    await expect(call('files.list', { path: join(browsed, '..') })).rejects.toMatchObject({ kind: 'NotPermitted' });
  });

  test('a listed OME-Zarr opens where it lies (x, y, z: foreign_zarr.py\'s z, y, x shape reversed)', async () => {
    const info = await call<{ dims: number[]; levels: unknown[] }>('volume.open', { path: join(browsed, 'v3.ome.zarr') });
    expect(info.dims).toEqual([40, 30, 20]);
    expect(info.levels).toHaveLength(2);
  });

  test('roots are the ones given', async () => {
    expect(await call('files.roots', {})).toEqual([{ label: 'data', path: browsed }]);
  });
});

describe('recent scans', () => {
  const settings = join(scratch, 'recent-settings');
  const scan = join(browsed, 'bigendian_float32.mhd');
  utimesSync(scan, new Date(1_700_000_000_000), new Date(1_700_000_001_000));

  test('are remembered newest first in the settings folder, read back by another instance', async () => {
    const recent = new RecentScans(settings, outside);
    await recent.add(join(browsed, 'ct_signed'), 1);
    await recent.add(scan, 2);
    const again = await new RecentScans(settings, outside).list();
    expect(again.map(({ path }) => path)).toEqual([scan, join(browsed, 'ct_signed')]);
    expect(again[0]).toMatchObject({ name: 'bigendian_float32.mhd', bytes: sizeOf(scan), modified: 1_700_000_001_000, openedAt: 2 });
  });

  test('find a file about to be uploaded by name, size and time; a changed file is not it', async () => {
    const recent = new RecentScans(settings, outside);
    expect(await recent.find('bigendian_float32.mhd', sizeOf(scan), 1_700_000_001_000)).toBe(scan);
    expect(await recent.find('bigendian_float32.mhd', sizeOf(scan) + 1, 1_700_000_001_000)).toBeNull();
    utimesSync(scan, new Date(1_700_000_000_000), new Date(1_700_000_009_000));
    expect(await recent.find('bigendian_float32.mhd', sizeOf(scan), 1_700_000_001_000)).toBeNull();
  });

  test('leave out uploads (browser mode\'s upload folders), not other files in the temp folder', async () => {
    const uploaded = join(scratch, 'voxbench-upload-1-abc', 'scan.mhd');
    mkdirSync(dirname(uploaded));
    cpSync(scan, uploaded);
    const recent = new RecentScans(join(scratch, 'other-settings'), scratch);
    await recent.add(uploaded);
    expect(await recent.list()).toEqual([]);
    await recent.add(scan); // under the same temp folder, but not an upload
    expect((await recent.list()).map(({ path }) => path)).toEqual([scan]);
  });
});
