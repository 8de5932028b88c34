// voxbench convert, checked by the tools the output is meant for: nibabel, h5py, zarr-python, and the NRRD spec.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { convertScan } from '../../electron/services/io/convert';
import { generatedDir, references } from '../fixtures/reference';

const truth = references();
const inputs = ['scaled_int16.nii.gz', 'oblique_uint8.nii.gz', 'nexus_uint16.h5'];
const outputs = ['.nii.gz', '.nii', '.nrrd', '.h5', '.ome.zarr'];

function readBack(path: string) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['test/fixtures/read_reference.py', path], { encoding: 'utf8' }));
}

describe.each(inputs)('%s', (input) => {
  const reference = truth[input]!;

  test.each(outputs)('written as %s reads back with the same voxels and geometry', async (extension) => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-convert-'));
    const output = join(dir, `out${extension}`);
    await convertScan(join(generatedDir, input), output);
    const back = readBack(output);
    expect(back.sha256).toBe(reference.sha256);
    expect(back.dims).toEqual(reference.dims);
    expect(back.dtype).toBe(reference.dtype);
    back.spacing.forEach((value: number, i: number) => expect(value).toBeCloseTo(reference.spacing[i]!, 4));
    back.origin.forEach((value: number, i: number) => expect(value).toBeCloseTo(reference.origin[i]!, 3));
    back.direction.forEach((value: number, i: number) => expect(value).toBeCloseTo(reference.direction[i]!, 5));
    expect(await readdir(dir)).toEqual([`out${extension}`]); // no temporary left behind
  });
});

test('an output format Voxbench does not write is refused before anything is read', async () => {
  await expect(convertScan('/no/such/input.nii', '/tmp/out.xyz')).rejects.toMatchObject({ kind: 'UnsupportedFormat', message: expect.stringContaining('out.xyz') });
});
