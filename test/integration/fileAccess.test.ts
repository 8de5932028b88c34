// The desktop app's file capabilities through the real host: ungranted paths are refused before any handler
// runs, granted ones open; detached headers cannot reach outside their folder; errors about files that are
// not scans never quote their bytes. The scans here are written byte by byte (values known from first principles).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { VolumeInfo } from '../../electron/common/contract';
import { grantedFileAccess } from '../../electron/services/fileAccess';
import { openScan } from '../../electron/services/io/registry';
import { createServices } from '../../electron/services/services';
import { createHost, noDialogs } from '../../electron/shell/host';
import { root } from './segmentHarness';

const scratch = mkdtempSync(join(tmpdir(), 'voxbench-access-'));
const chosen = join(scratch, 'chosen');
const outside = join(scratch, 'outside');
mkdirSync(chosen);
mkdirSync(outside);

/** A 2×2×2 uint8 MetaImage whose voxels are 0…7, its data in `dataFile`. */
function metaImage(folder: string, name: string, dataFile: string): string {
  const header = join(folder, name);
  writeFileSync(header, `ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementType = MET_UCHAR\nElementDataFile = ${dataFile}\n`);
  return header;
}
writeFileSync(join(chosen, 'cube.raw'), Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
writeFileSync(join(outside, 'outside.raw'), Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
const cube = metaImage(chosen, 'cube.mhd', 'cube.raw');

const fileAccess = grantedFileAccess();
const host = createHost(createServices({ root, transport: 'electron', dialogs: noDialogs, pyramids: { cacheDir: join(scratch, 'pyramids') }, fileAccess }));
afterAll(() => host.close());

describe('a host with a FileAccess policy', () => {
  test('refuses volume.open, volume.candidates and workspace.save of paths nobody granted, naming the path', async () => {
    for (const [method, params] of [
      ['volume.open', { path: cube }],
      ['volume.candidates', { path: cube }],
      ['workspace.save', { path: join(chosen, 'session.voxbench') }],
    ] as const) {
      const reply = await host.dispatch(method, params);
      expect(reply, method).toMatchObject({ ok: false, error: { kind: 'NotPermitted', message: expect.stringContaining(params.path) } });
    }
  });

  test('opens a granted scan, and a granted folder’s scans; reading does not allow writing', async () => {
    fileAccess.grant(chosen, 'read');
    const reply = await host.dispatch('volume.open', { path: cube });
    expect(reply.ok).toBe(true);
    const info = (reply as { result: VolumeInfo }).result;
    expect(info.dims).toEqual([2, 2, 2]);
    expect(info.range).toEqual([0, 7]);
    expect(await host.dispatch('workspace.save', { path: join(chosen, 'session.voxbench') })).toMatchObject({ ok: false, error: { kind: 'NotPermitted' } });
    expect(await host.dispatch('volume.open', { path: join(outside, 'outside.raw') })).toMatchObject({ ok: false, error: { kind: 'NotPermitted' } });
  });

  test("s3://TARGET/KEY needs no grant (it reads only the user's own targets): an unknown target is the answer, and no candidates", async () => {
    expect(await host.dispatch('volume.candidates', { path: 's3://nowhere/dataset/scan.ome.zarr' })).toEqual({ ok: true, result: [] });
    expect(await host.dispatch('volume.open', { path: 's3://nowhere/dataset/scan.ome.zarr' })).toMatchObject({ ok: false, error: { kind: expect.not.stringMatching(/^NotPermitted$/) } });
    expect(await host.dispatch('volume.open', { path: 'https://example.invalid/x.zarr' })).toMatchObject({ ok: false, error: { kind: 'NotPermitted' } });
  });
});

describe('a detached header', () => {
  test.each([
    ['an absolute path', '/etc/shadow'],
    ['a path up and out', '../outside/outside.raw'],
    ['a deeper escape', 'sub/../../outside/outside.raw'],
  ])('naming its data file by %s is refused with a typed error naming the header', async (_how, dataFile) => {
    const header = metaImage(chosen, 'escape.mhd', dataFile);
    await expect(openScan(header)).rejects.toMatchObject({ kind: 'DataFileOutside', message: expect.stringMatching(/^escape\.mhd names its data file/) });
  });

  test('reaching out through a symlink in its folder is refused; NRRD is held to the same rule', async () => {
    symlinkSync(join(outside, 'outside.raw'), join(chosen, 'link.raw'));
    await expect(openScan(metaImage(chosen, 'linked.mhd', 'link.raw'))).rejects.toMatchObject({ kind: 'DataFileOutside', message: expect.stringContaining('link') });
    const nhdr = join(chosen, 'escape.nhdr');
    writeFileSync(nhdr, 'NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: /etc/shadow\n');
    await expect(openScan(nhdr)).rejects.toMatchObject({ kind: 'DataFileOutside', message: expect.stringContaining('escape.nhdr') });
  });

  test('a relative name in the header’s folder or below it opens (as ITK and Slicer write them)', async () => {
    mkdirSync(join(chosen, 'data'));
    writeFileSync(join(chosen, 'data', 'cube.raw'), Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
    const source = await openScan(metaImage(chosen, 'below.mhd', 'data/cube.raw'));
    try {
      expect(source.meta.dims).toEqual([2, 2, 2]);
    } finally {
      await source.close();
    }
  });

  test('through the host, the refusal reaches the page as its typed error', async () => {
    const reply = await host.dispatch('volume.open', { path: metaImage(chosen, 'shadow.mhd', '/etc/shadow') });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'DataFileOutside', message: expect.stringContaining('shadow.mhd') } });
  });
});

test('errors about files that are not scans never quote their bytes, whatever their extension', async () => {
  const secret = 'hunter2-SECRET-BYTES';
  const extensions = ['.txt', '.nii', '.nii.gz', '.h5', '.dcm', '.tif', '.mha', '.mhd', '.nrrd', '.nhdr'];
  for (const extension of extensions) {
    const path = join(outside, `notes${extension}`);
    writeFileSync(path, `password = ${secret}\nObjectType = ${secret}\nElementDataFile = ${secret}\n${secret}\n`);
    const error = await openScan(path).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error, extension).toBeDefined();
    expect(error!.message, extension).not.toContain('hunter2');
    expect(error!.message, extension).toContain(`notes${extension}`);
  }
});
