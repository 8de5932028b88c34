import type { Dims, Mask, Spacing } from './types.js';

/** Correlates every line along `axis` with odd-length `weights` in place, borders mirrored (TypeScript or C++). */
export type AxisFilter = (volume: Float32Array, dims: Dims, axis: number, weights: Float64Array) => void;

/** Median of the binary mask over a (2r+1)³ box, borders mirrored as scipy's median_filter (mode 'reflect'). */
export function medianFilter(mask: Mask, dims: Dims, radiusVoxels: number, filterAxis: AxisFilter = filterAxisInTypeScript): Mask {
  const r = Math.max(0, Math.round(radiusVoxels));
  const box = new Float64Array(2 * r + 1).fill(1);
  const counts = new Float32Array(mask);
  for (let axis = 0; axis < 3; axis++) filterAxis(counts, dims, axis, box);
  const majority = ((2 * r + 1) ** 3 + 1) / 2;
  return threshold(counts, majority - 0.5);
}

/** Gaussian blur (sigma in mm, truncated at 4 sigma as scipy's gaussian_filter) thresholded at 0.5. */
export function gaussianSmooth(mask: Mask, dims: Dims, spacing: Spacing, sigmaMm: number, filterAxis: AxisFilter = filterAxisInTypeScript): Mask {
  const blurred = new Float32Array(mask);
  for (let axis = 0; axis < 3; axis++) {
    const sigma = sigmaMm / spacing[axis]!;
    if (sigma <= 0) continue;
    const radius = Math.floor(4 * sigma + 0.5);
    const weights = new Float64Array(2 * radius + 1);
    for (let k = -radius; k <= radius; k++) weights[k + radius] = Math.exp((-0.5 * k * k) / (sigma * sigma));
    const total = weights.reduce((sum, w) => sum + w, 0);
    for (let k = 0; k < weights.length; k++) weights[k]! /= total;
    filterAxis(blurred, dims, axis, weights);
  }
  return threshold(blurred, 0.5);
}

function threshold(values: Float32Array, above: number): Mask {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! > above ? 1 : 0;
  return out;
}

/** As native/src/smoothing.h: x lines through a mirrored padded copy, y and z lines a whole x row at a time. */
function filterAxisInTypeScript(volume: Float32Array, dims: Dims, axis: number, weights: Float64Array): void {
  const [nx, ny, nz] = dims;
  const radius = (weights.length - 1) / 2;
  if (axis === 0) {
    const padded = new Float32Array(nx + 2 * radius);
    for (let start = 0; start < volume.length; start += nx) {
      for (let k = -radius; k < nx + radius; k++) padded[k + radius] = volume[start + mirror(k, nx)]!;
      for (let k = 0; k < nx; k++) {
        let sum = 0;
        for (let t = 0; t < weights.length; t++) sum += weights[t]! * padded[k + t]!;
        volume[start + k] = sum;
      }
    }
    return;
  }
  // Blocks of n rows (`width` values each, `lineStride` apart): a y block is one z slab, a z block one y row.
  const [n, blocks, blockStride, lineStride] = axis === 1 ? [ny, nz, nx * ny, nx] : [nz, ny, nx, nx * ny];
  const original = new Float32Array(nx * n);
  const sum = new Float64Array(nx);
  for (let b = 0; b < blocks; b++) {
    const base = b * blockStride;
    for (let k = 0; k < n; k++) original.set(volume.subarray(base + k * lineStride, base + k * lineStride + nx), k * nx);
    for (let k = 0; k < n; k++) {
      sum.fill(0);
      for (let t = 0; t < weights.length; t++) {
        const row = mirror(k - radius + t, n) * nx;
        const weight = weights[t]!;
        for (let x = 0; x < nx; x++) sum[x]! += weight * original[row + x]!;
      }
      volume.set(sum, base + k * lineStride);
    }
  }
}

/** scipy's 'reflect' border: index k folded into [0, n) as d c b a | a b c d | d c b a. */
function mirror(k: number, n: number): number {
  const period = ((k % (2 * n)) + 2 * n) % (2 * n);
  return period < n ? period : 2 * n - 1 - period;
}
