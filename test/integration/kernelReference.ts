// Reads the inputs and scipy / scikit-image outputs written by test/fixtures/kernel_reference.py.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dims, Mesh, Spacing } from '../../electron/services/segment/kernels/index.js';

const constructors = { uint8: Uint8Array, int16: Int16Array, uint32: Uint32Array, float32: Float32Array } as const;
type Dtype = keyof typeof constructors;

export interface Reference {
  dims: Dims;
  spacing: Spacing;
  scalars: Record<string, unknown>;
  array<T extends Dtype>(name: string, dtype: T): InstanceType<(typeof constructors)[T]>;
}

export function computeReference(): Reference {
  const dir = mkdtempSync(join(tmpdir(), 'voxbench-kernels-'));
  execFileSync('/usr/bin/python3', ['test/fixtures/kernel_reference.py', dir], { stdio: 'inherit' });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    shape: [number, number, number];
    spacing: Spacing;
    arrays: Record<string, { dtype: Dtype }>;
    scalars: Record<string, unknown>;
  };
  return {
    dims: [manifest.shape[2], manifest.shape[1], manifest.shape[0]],
    spacing: manifest.spacing,
    scalars: manifest.scalars,
    array(name, dtype) {
      if (manifest.arrays[name]?.dtype !== dtype) throw new Error(`reference ${name} is ${manifest.arrays[name]?.dtype}, not ${dtype}`);
      const bytes = readFileSync(join(dir, `${name}.raw`));
      return new constructors[dtype](bytes.buffer, bytes.byteOffset, bytes.byteLength / constructors[dtype].BYTES_PER_ELEMENT) as never;
    },
  };
}

/** True when the two labelings name the same components (a one-to-one renumbering, background kept at 0). */
export function sameUpToRenumbering(ours: ArrayLike<number>, theirs: ArrayLike<number>): boolean {
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < ours.length; i++) {
    const [a, b] = [ours[i]!, theirs[i]!];
    if ((a === 0) !== (b === 0)) return false;
    if ((forward.get(a) ?? b) !== b || (backward.get(b) ?? a) !== a) return false;
    forward.set(a, b);
    backward.set(b, a);
  }
  return true;
}

/** Voxels where two masks differ. */
export function differences(ours: ArrayLike<number>, theirs: ArrayLike<number>, ignore?: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < ours.length; i++) if (ours[i] !== theirs[i] && !ignore?.[i]) count++;
  return count;
}

/** Surface area (mm²) and enclosed volume (mm³, signed: positive when triangles face outward). */
export function meshMeasures({ positions, indices }: Mesh): { area: number; volume: number } {
  let area = 0;
  let volume = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [0, 1, 2].map((k) => Array.from(positions.subarray(3 * indices[t + k]!, 3 * indices[t + k]! + 3))) as [number[], number[], number[]];
    const u = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!];
    const v = [c[0]! - a[0]!, c[1]! - a[1]!, c[2]! - a[2]!];
    const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    area += Math.hypot(n[0]!, n[1]!, n[2]!) / 2;
    volume += (a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) + a[1]! * (b[2]! * c[0]! - b[0]! * c[2]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!)) / 6;
  }
  return { area, volume };
}
