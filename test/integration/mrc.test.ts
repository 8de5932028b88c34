// MRC/CCP4 maps against what mrcfile (the CCP-EM library) wrote and reads back (make_mrc.py): voxels bit for bit,
// voxel size and origin in ångström, the volumes of a stack, big-endian files; bad input a typed error naming the file.
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mrcReader } from '../../electron/services/io/mrc';
import { openScan } from '../../electron/services/io/registry';
import { slabs, type VolumeSource } from '../../electron/services/volume/model';
import { expectMatchesReference, generatedDir, references } from '../fixtures/reference';

const dir = join(generatedDir, 'mrc');
const truth = references('mrc') as Record<string, ReturnType<typeof references>[string] & { frames?: number; frame1_sha256?: string }>;

async function digest(source: VolumeSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const slab of slabs(source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  await source.close();
  return hash.digest('hex');
}

describe.each(Object.entries(truth))('%s', (name, reference) => {
  test('voxels equal mrcfile\'s, bit for bit; geometry, type and range as mrcfile reads them', async () => {
    const source = await openScan(join(dir, name));
    expect(source.meta).toMatchObject({ format: 'mrc', frame: 'sample' });
    await expectMatchesReference(source, reference);
    expect(await digest(await openScan(join(dir, name)))).toBe(reference.sha256);
  });

  if (reference.frames) {
    test('a volume stack is 4-D: its second volume equals mrcfile\'s', async () => {
      const second = await mrcReader.open(join(dir, name), { frame: 1 });
      expect(second.meta.frames).toEqual({ count: reference.frames, shown: 1 });
      expect(await digest(second)).toBe(reference.frame1_sha256);
    });
  }
});

describe('bad input is a typed error naming the file', () => {
  const scratch = () => mkdtemp(join(tmpdir(), 'voxbench-mrc-'));

  test('a map cut short inside its voxels', async () => {
    const path = join(await scratch(), 'cut.mrc');
    await copyFile(join(dir, 'tomogram_float32.mrc'), path);
    await truncate(path, 1024 + 1000);
    await expect(openScan(path)).rejects.toMatchObject({ kind: 'TruncatedFile', message: expect.stringContaining('cut.mrc') });
  });

  test('complex voxels (mode 4) are named, not misread', async () => {
    const bytes = new Uint8Array(await readFile(join(dir, 'mask_int8.mrc')));
    new DataView(bytes.buffer).setInt32(12, 4, true);
    const path = join(await scratch(), 'complex.mrc');
    await writeFile(path, bytes);
    await expect(openScan(path)).rejects.toMatchObject({ kind: 'UnsupportedDatatype', message: expect.stringMatching(/complex\.mrc stores complex float32/) });
  });

  test('a .mrc that is not a map says so without quoting its bytes', async () => {
    const path = join(await scratch(), 'notes.mrc');
    await writeFile(path, 'secret: hunter2\n'.repeat(100));
    const refusal = openScan(path);
    await expect(refusal).rejects.toMatchObject({ kind: 'CorruptFile', message: expect.stringContaining('notes.mrc') });
    await expect(refusal).rejects.not.toMatchObject({ message: expect.stringContaining('hunter2') });
  });
});
