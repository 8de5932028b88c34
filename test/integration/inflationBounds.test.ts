// Every inflation stops at the size its container declares: a small file that inflates to hundreds of MiB is a
// typed error naming the file, and memory grows by about what was declared, not by what the bomb holds.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { openScan } from '../../electron/services/io/registry';
import { createServices } from '../../electron/services/services';
import { openOmeZarr } from '../../electron/services/volume/omeZarrOpen';

const root = fileURLToPath(new URL('../..', import.meta.url));
let scratch: string;
let host: Host;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'voxbench-bombs-'));
  host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs }));
});

afterAll(() => host.close());

/** A NIfTI-1 file of 4×4×4 uint8 voxels 0…63 (x fastest), laid out by the NIfTI-1 header's field offsets. */
function tinyNifti(): Buffer {
  const header = Buffer.alloc(352);
  header.writeInt32LE(348, 0);
  [3, 4, 4, 4, 1, 1, 1, 1].forEach((n, i) => header.writeInt16LE(n, 40 + 2 * i));
  header.writeInt16LE(2, 70); // datatype uint8
  header.writeInt16LE(8, 72); // bitpix
  [1, 1, 1, 1].forEach((n, i) => header.writeFloatLE(n, 76 + 4 * i));
  header.writeFloatLE(352, 108); // vox_offset
  header.write('n+1\0', 344, 'latin1');
  return Buffer.concat([header, Buffer.from(Array.from({ length: 64 }, (_, i) => i))]);
}

describe('.nii.gz', () => {
  test('a gzip stream exactly as long as the header declares reads', async () => {
    const path = join(scratch, 'exact.nii.gz');
    await writeFile(path, gzipSync(tinyNifti()));
    const source = await openScan(path);
    expect(Array.from(await source.readSlab(0, 4))).toEqual(Array.from({ length: 64 }, (_, i) => i));
    await source.close();
  });

  test.each([1, 3 << 20])('a gzip stream %i bytes longer than the header declares is refused, naming the file', async (extra) => {
    const path = join(scratch, `longer-${extra}.nii.gz`);
    await writeFile(path, gzipSync(Buffer.concat([tinyNifti(), Buffer.alloc(extra)])));
    const source = await openScan(path);
    await expect(source.readSlab(0, 4)).rejects.toMatchObject({ kind: 'CorruptFile', message: `longer-${extra}.nii.gz: its gzip stream inflates past the 416 bytes its header declares.` });
    await source.close();
  });
});

test('a project file whose blob (declared 1 MiB) inflates to 256 MiB is refused, and memory grows far less than 256 MiB', async () => {
  const bomb = deflateRawSync(Buffer.alloc(256 << 20), { level: 9 });
  const name = 'ab'.repeat(32);
  const path = join(scratch, 'bomb.voxbench');
  const file = { version: 2, savedAt: '2026-01-01T00:00:00Z', app: { name: 'Voxbench', version: '0' }, volumes: [], blobs: { [name]: { type: 'uint8', length: 1 << 20, deflated: bomb.toString('base64') } } };
  await writeFile(path, JSON.stringify(file));
  const before = process.memoryUsage().rss;
  const reply = await host.dispatch('workspace.load', { path });
  const grown = process.memoryUsage().rss - before;
  console.log(`bomb project file: ${(bomb.length / 2 ** 20).toFixed(2)} MiB deflated, 256 MiB inflated; RSS grew ${(grown / 2 ** 20).toFixed(1)} MiB while refusing it`);
  expect(reply).toEqual({ ok: false, error: { kind: 'CorruptFile', message: `bomb.voxbench: the labelmap ${name.slice(0, 12)}… inflates past its declared 1048576 bytes.` } });
  expect(grown).toBeLessThan(100 * 2 ** 20);
});

test('an OME-Zarr chunk that inflates past its shape is refused, naming the chunk', async () => {
  const dir = join(scratch, 'pyramid.zarr');
  await mkdir(join(dir, '0'), { recursive: true });
  const datasets = [{ path: '0', coordinateTransformations: [{ type: 'scale', scale: [1, 1, 1] }] }];
  await writeFile(join(dir, '.zgroup'), JSON.stringify({ zarr_format: 2 }));
  await writeFile(join(dir, '.zattrs'), JSON.stringify({ multiscales: [{ version: '0.4', axes: ['z', 'y', 'x'].map((name) => ({ name, type: 'space' })), datasets }] }));
  const zarray = { zarr_format: 2, shape: [4, 4, 4], chunks: [4, 4, 4], dtype: '|u1', compressor: { id: 'zlib', level: 1 }, fill_value: 0, order: 'C', filters: null };
  await writeFile(join(dir, '0', '.zarray'), JSON.stringify(zarray));
  await writeFile(join(dir, '0', '0.0.0'), deflateSync(Buffer.alloc(1 << 20)));
  await expect(openOmeZarr(dir)).rejects.toMatchObject({ kind: 'BadPyramid', message: `${dir} level 0, chunk [0, 0, 0]: the chunk inflates past its declared 64 bytes.` });
});
