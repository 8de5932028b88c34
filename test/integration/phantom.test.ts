// The embedded default scan, written by our NIfTI writer, as nibabel reads it.
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { niftiWriter } from '../../electron/services/io/niftiWrite';
import { memorySource } from '../../electron/services/volume/model';
import { defaultPhantomGrid, phantomGrid, phantomMeta, sampleSheppLogan } from '../../build/phantom/phantom';

function nibabelSummary(path: string): { shape: number[]; affine: number[][]; dtype: string; values: number[]; counts: number[]; centre: number; ventricles: [number, number] } {
  const script = `
import json, sys, nibabel as nib, numpy as np
image = nib.load(sys.argv[1]); data = np.asarray(image.dataobj)
values, counts = np.unique(data, return_counts=True)
i, j, k = (np.array(data.shape) - 1) // 2
print(json.dumps({"shape": list(data.shape), "affine": image.affine.tolist(), "dtype": str(data.dtype),
  "values": values.tolist(), "counts": counts.tolist(), "centre": int(data[i, j, k]),
  # Ventricle centres at phantom x = ±0.22, i.e. ±0.22 * 96 mm to the patient's left / right.
  "ventricles": [int(data[i + 14, j, k]), int(data[i - 14, j, k])]}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }));
}

test('nibabel reads the phantom with LPS geometry turned into RAS, and its known structures', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'voxbench-phantom-')), 'phantom.nii.gz');
  await niftiWriter.write(path, memorySource(phantomMeta(path), sampleSheppLogan(defaultPhantomGrid)));
  const summary = nibabelSummary(path);
  expect(summary.shape).toEqual([128, 128, 96]);
  expect(summary.dtype).toBe('int16');
  // LPS identity direction with the volume centred on the origin is RAS diag(-1.5, -1.5, 2).
  expect(summary.affine).toEqual([
    [-1.5, 0, 0, 95.25],
    [0, -1.5, 0, 95.25],
    [0, 0, 2, -95],
    [0, 0, 0, 1],
  ]);
  expect(summary.values).toEqual([0, 100, 200, 300, 1000]);
  expect(summary.centre).toBe(200);
  // Both ventricles hold 0; the left one (patient left = +i in LPS) is the smaller.
  expect(summary.ventricles).toEqual([0, 0]);
});

test('the phantom is symmetric where Shepp–Logan is, and not where it is not', () => {
  const grid = phantomGrid([64, 64, 48], [3, 3, 4]);
  const voxels = sampleSheppLogan(grid);
  const at = (i: number, j: number, k: number) => voxels[i + 64 * (j + 64 * k)]!;
  const leftVentricle = [...Array(32).keys()].filter((d) => at(32 + d, 32, 24) === 0 && at(32 + d, 32, 24 - 1) === 0).length;
  const rightVentricle = [...Array(32).keys()].filter((d) => at(31 - d, 32, 24) === 0 && at(31 - d, 32, 24 - 1) === 0).length;
  expect(leftVentricle).toBeGreaterThan(0);
  expect(rightVentricle).toBeGreaterThan(leftVentricle);
});
