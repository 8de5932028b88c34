import type { Dims, Mask, Spacing } from './types.js';

/** Distances within this fraction of the radius count as on the ball (float rounding of squared mm). */
export const BALL_TOLERANCE = 1e-5;

/**
 * Squared Euclidean distance in mm from each voxel to the nearest voxel whose mask equals `target`
 * (Felzenszwalb–Huttenlocher lower envelope of parabolas, one separable pass per axis; linear time).
 * Values above `limit` may come out larger than exact (dilate/erode only compare against it).
 */
export function squaredDistance(mask: Mask, dims: Dims, spacing: Spacing, target: 0 | 1, limit = Infinity): Float32Array {
  const [nx, ny, nz] = dims;
  const squared = new Float32Array(nx * ny * nz);
  nearestInRows(mask, nx, spacing[0], target, squared);
  const longest = Math.max(ny, nz);
  const scratch = { f: new Float64Array(longest), d: new Float64Array(longest), v: new Int32Array(longest), z: new Float64Array(longest + 1) };
  const [reachY, reachZ] = [1, 2].map((axis) => Math.floor(Math.sqrt(limit) / spacing[axis]!)) as [number, number];
  // Small balls (as in native/src/distance.h): the nearest voxel within the limit is at most `reach` rows away.
  const windowed = reachY + reachZ <= 12;
  for (const axis of [1, 2] as const) {
    const [n, stride] = axis === 1 ? [ny, nx] : [nz, nx * ny];
    if (n === 1) continue;
    if (windowed) {
      windowedPass(squared, axis === 1 ? nx : nx * ny, n, axis === 1 ? nz : 1, nx * ny, axis === 1 ? reachY : reachZ, spacing[axis]);
      continue;
    }
    for (let line = 0; line < (nx * ny * nz) / n; line++) {
      // Lines along y start at x + nx ny z (enumerated x-fastest), lines along z at x + nx y.
      const start = axis === 1 ? (line % nx) + nx * ny * Math.floor(line / nx) : line;
      for (let k = 0; k < n; k++) scratch.f[k] = squared[start + k * stride]!;
      envelope(n, spacing[axis], scratch);
      for (let k = 0; k < n; k++) squared[start + k * stride] = scratch.d[k]!;
    }
  }
  return squared;
}

/** The x pass: squared distance to the nearest target voxel in the same row, by one sweep each way. */
function nearestInRows(mask: Mask, nx: number, w: number, target: 0 | 1, squared: Float32Array): void {
  const isTarget = (i: number) => (mask[i] === 1) === (target === 1);
  for (let base = 0; base < squared.length; base += nx) {
    for (let x = 0, last = -Infinity; x < nx; x++) {
      if (isTarget(base + x)) last = x;
      squared[base + x] = ((x - last) * w) ** 2;
    }
    for (let x = nx - 1, last = Infinity; x >= 0; x--) {
      if (isTarget(base + x)) last = x;
      const right = ((last - x) * w) ** 2;
      if (right < squared[base + x]!) squared[base + x] = right;
    }
  }
}

/** row k = min over |j - k| <= reach of row j + ((j - k) w)², rows of `width` values, `outer` blocks apart. */
function windowedPass(volume: Float32Array, width: number, n: number, outer: number, outerStride: number, reach: number, w: number): void {
  if (reach < 1) return;
  const ringRows = reach + 1;
  const ring = new Float32Array(width * ringRows);
  for (let o = 0; o < outer; o++) {
    const base = o * outerStride;
    for (let k = 0; k < n; k++) {
      const row = base + k * width;
      ring.set(volume.subarray(row, row + width), (k % ringRows) * width);
      for (let j = Math.max(k - reach, 0); j <= Math.min(k + reach, n - 1); j++) {
        if (j === k) continue;
        const step = (w * (j - k)) ** 2;
        const [source, from] = j < k ? [ring, (j % ringRows) * width] : [volume, base + j * width];
        for (let x = 0; x < width; x++) {
          const through = source[from + x]! + step;
          if (through < volume[row + x]!) volume[row + x] = through;
        }
      }
    }
  }
}

/** 1-D squared distance d[q] = min_p (w (q - p))² + f[p] over the f values in scratch.f[0..n). */
function envelope(n: number, w: number, s: { f: Float64Array; d: Float64Array; v: Int32Array; z: Float64Array }): void {
  const { f, d, v, z } = s;
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q]!;
    if (fq === Infinity) continue;
    let cross = -Infinity;
    while (k >= 0) {
      const p = v[k]!;
      cross = (fq + (w * q) ** 2 - (f[p]! + (w * p) ** 2)) / (2 * w * (q - p));
      if (cross > z[k]!) break;
      k--;
    }
    k++;
    v[k] = q;
    z[k] = k === 0 ? -Infinity : cross;
  }
  if (k < 0) {
    d.fill(Infinity, 0, n);
    return;
  }
  z[k + 1] = Infinity;
  for (let q = 0, j = 0; q < n; q++) {
    while (z[j + 1]! < w * q) j++;
    const p = v[j]!;
    d[q] = (w * (q - p)) ** 2 + f[p]!;
  }
}

/** Euclidean distance in mm to the nearest mask voxel (0 on the mask). */
export function distanceTransform(mask: Mask, dims: Dims, spacing: Spacing): Float32Array {
  const squared = squaredDistance(mask, dims, spacing, 1);
  for (let i = 0; i < squared.length; i++) squared[i] = Math.sqrt(squared[i]!);
  return squared;
}

/** Voxels within `mm` of the mask: a ball in physical units. */
export function dilate(mask: Mask, dims: Dims, spacing: Spacing, mm: number): Mask {
  const limit = mm * mm * (1 + BALL_TOLERANCE);
  const squared = squaredDistance(mask, dims, spacing, 1, limit);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = squared[i]! <= limit ? 1 : 0;
  return out;
}

/** Voxels farther than `mm` from any voxel outside the mask (the volume's border does not erode). */
export function erode(mask: Mask, dims: Dims, spacing: Spacing, mm: number): Mask {
  const limit = mm * mm * (1 + BALL_TOLERANCE);
  const squared = squaredDistance(mask, dims, spacing, 0, limit);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = squared[i]! > limit ? 1 : 0;
  return out;
}
