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

// A gantry tilt shears the grid: OME's per-level translation is direction⁻¹ · (world position of the level's first
// voxel), checked in numpy from the NGFF definition (physical = scale · index + translation, in the image axes).
test('OME-Zarr level translations are exact on a sheared (gantry-tilted) grid', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voxbench-convert-'));
  const input = join(dir, 'tilted.nii.gz');
  const output = join(dir, 'tilted.ome.zarr');
  // 20° gantry tilt as nibabel writes it: the slice axis leans along y (sform with shear), 150 voxels so there are levels.
  const make = 'import sys, numpy as np, nibabel as nib; a = np.diag([0.8, 0.8, 2.0, 1.0]); a[1, 2] = 2.0 * np.tan(np.radians(20)); a[:3, 3] = [-60, 40, -10]; nib.save(nib.Nifti1Image(np.arange(150 * 40 * 40, dtype=np.uint16).reshape(150, 40, 40), a), sys.argv[1])';
  execFileSync('/usr/bin/python3', ['-c', make, input]);
  await convertScan(input, output);
  const check = `
import json, sys, numpy as np
attrs = json.load(open(sys.argv[1] + "/.zattrs"))
meta = attrs["voxbench"]
D = np.array(meta["direction"], dtype=float).reshape(3, 3)
s0 = np.array(meta["spacing"], dtype=float); o0 = np.array(meta["origin"], dtype=float)
assert abs(np.dot(D[:, 1], D[:, 2])) > 1e-3, "the grid is not sheared"
errors = []
for n, level in enumerate(attrs["multiscales"][0]["datasets"]):
    t = dict((x["type"], x[x["type"]]) for x in level["coordinateTransformations"])
    scale, translation = np.array(t["scale"][::-1]), np.array(t["translation"][::-1])
    first = o0 + D @ (s0 * (2 ** n - 1) / 2)  # a level-n voxel averages 2^n per side
    errors.append(float(np.abs(D @ translation - first).max()))
    assert np.allclose(scale, s0 * 2 ** n)
print(json.dumps(errors))`;
  const errors: number[] = JSON.parse(execFileSync('/usr/bin/python3', ['-c', check, output], { encoding: 'utf8' }));
  expect(errors.length).toBeGreaterThan(1);
  for (const error of errors) expect(error).toBeLessThan(1e-6);
});
