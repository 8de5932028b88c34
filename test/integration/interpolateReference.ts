// Inputs for the slice-interpolation tests and ITK's MorphologicalContourInterpolator run on them
// (test/reference/itk-mci, compiled once against Debian's ITK 5.2).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildItkMci } from '../reference/buildItkMci.js';

export type Dims = readonly [number, number, number];
export interface Painted {
  name: string;
  mask: Uint8Array;
  dims: Dims;
}

/** Runs ITK's filter along `axis`; returns the interpolated mask and ITK's own compute time. */
export function itkInterpolate(mask: Uint8Array, dims: Dims, axis: 0 | 1 | 2): { mask: Uint8Array; seconds: number } {
  const binary = buildItkMci();
  const dir = mkdtempSync(join(tmpdir(), 'itk-mci-'));
  try {
    writeFileSync(join(dir, 'in.raw'), mask);
    const report = execFileSync(binary, [...dims.map(String), String(axis), join(dir, 'in.raw'), join(dir, 'out.raw')], { encoding: 'utf8' });
    return { mask: new Uint8Array(readFileSync(join(dir, 'out.raw'))), seconds: (JSON.parse(report) as { seconds: number }).seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds a mask from discs drawn on slices along `axis`: [slice, centre u, centre v, radius] in slice coordinates. */
export function discs(name: string, dims: Dims, axis: 0 | 1 | 2, drawn: [number, number, number, number][]): Painted {
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const [nu, nv] = dims.filter((_, a) => a !== axis);
  for (const [s, cu, cv, r] of drawn) {
    for (let v = 0; v < nv!; v++) {
      for (let u = 0; u < nu!; u++) {
        if ((u - cu) ** 2 + (v - cv) ** 2 > r * r) continue;
        const xyz = axis === 0 ? [s, u, v] : axis === 1 ? [u, s, v] : [u, v, s];
        mask[xyz[0]! + dims[0] * (xyz[1]! + dims[1] * xyz[2]!)] = 1;
      }
    }
  }
  return { name, mask, dims };
}

/** The Shepp–Logan phantom in assets/ (read by nibabel) where it equals `value`, on every `step`th slice along `axis`. */
export function phantomStructure(value: number, axis: 0 | 1 | 2, step: number): Painted {
  const script = [
    'import sys, nibabel, numpy as np',
    'd = np.asarray(nibabel.load(sys.argv[1]).dataobj)',
    `m = (d == ${value}).astype(np.uint8)`,
    `keep = np.arange(m.shape[${axis}]) % ${step} == 0`,
    `m = np.where(keep.reshape([-1 if a == ${axis} else 1 for a in range(3)]), m, 0).astype(np.uint8)`,
    'sys.stdout.write(",".join(map(str, d.shape)) + "\\n"); sys.stdout.flush()',
    "sys.stdout.buffer.write(m.tobytes(order='F'))",
  ].join('\n');
  const out = execFileSync('/usr/bin/python3', ['-c', script, 'assets/shepp-logan.nii.gz'], { maxBuffer: 1 << 26 });
  const newline = out.indexOf(10);
  const dims = out.subarray(0, newline).toString().split(',').map(Number) as unknown as Dims;
  return { name: `phantom = ${value}, every ${step}th slice`, mask: new Uint8Array(out.subarray(newline + 1)), dims };
}

/** Per slice along `axis`: the Dice coefficient of a and b (NaN where both are empty) and their voxel counts. */
export function sliceDice(a: Uint8Array, b: Uint8Array, dims: Dims, axis: 0 | 1 | 2): { dice: number; a: number; b: number }[] {
  const rows = Array.from({ length: dims[axis] }, () => ({ a: 0, b: 0, both: 0 }));
  for (let i = 0; i < a.length; i++) {
    const s = axis === 0 ? i % dims[0] : axis === 1 ? Math.floor(i / dims[0]) % dims[1] : Math.floor(i / (dims[0] * dims[1]));
    rows[s]!.a += a[i]!;
    rows[s]!.b += b[i]!;
    rows[s]!.both += a[i]! & b[i]!;
  }
  return rows.map((r) => ({ dice: (2 * r.both) / (r.a + r.b), a: r.a, b: r.b }));
}
