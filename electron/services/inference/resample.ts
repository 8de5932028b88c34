// Moves voxels between the volume's grid and the model's: an axis permutation and flips (orientation) and a
// change of spacing over the same physical extent, sampled at voxel centres (scipy's zoom with grid_mode).
import type { Vec3 } from '../../common/contract.js';

/** For each axis of the target grid: which source axis it runs along, and whether reversed. */
export type AxisMap = { from: number; flip: boolean }[];

export const identityAxes: AxisMap = [0, 1, 2].map((from) => ({ from, flip: false }));

const lpsLetters = ['LR', 'PA', 'SI'];

/** The axis map that reorders a volume with `direction` (3×3 row-major, columns = LPS index axes) to `code`, e.g. "RAS". */
export function orientationAxes(direction: number[], code: string | undefined): AxisMap {
  if (!code) return identityAxes;
  // Dominant LPS axis and sign of each index axis of the volume.
  const sourceAxes = [0, 1, 2].map((j) => {
    const column = [0, 1, 2].map((k) => direction[k * 3 + j]!);
    const lps = column.reduce((best, v, k) => (Math.abs(v) > Math.abs(column[best]!) ? k : best), 0);
    return { lps, sign: Math.sign(column[lps]!) };
  });
  return [...code].map((letter) => {
    const lps = lpsLetters.findIndex((pair) => pair.includes(letter));
    const sign = lpsLetters[lps]![0] === letter ? 1 : -1;
    const from = sourceAxes.findIndex((axis) => axis.lps === lps);
    return { from, flip: sourceAxes[from]!.sign !== sign };
  });
}

/** The inverse map: from the target grid back to the source grid. */
export function invertAxes(axes: AxisMap): AxisMap {
  const inverse: AxisMap = [];
  axes.forEach(({ from, flip }, to) => (inverse[from] = { from: to, flip }));
  return inverse;
}

/** Dims of the model grid: the volume's extent at the model's spacing, axes in the model's order. */
export function targetDims(dims: Vec3, spacing: Vec3, axes: AxisMap, modelSpacing: Vec3 | undefined): Vec3 {
  return axes.map(({ from }, to) => (modelSpacing ? Math.max(1, Math.round((dims[from]! * spacing[from]!) / modelSpacing[to]!)) : dims[from]!)) as Vec3;
}

interface AxisSamples {
  lower: Int32Array;
  upper: Int32Array;
  frac: Float32Array;
}

/** Per target index along one axis: the two source neighbours (as strides) and the weight of the upper. */
function axisSamples(n: number, sourceN: number, flip: boolean, stride: number): AxisSamples {
  const lower = new Int32Array(n);
  const upper = new Int32Array(n);
  const frac = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let u = Math.min(sourceN - 1, Math.max(0, ((i + 0.5) * sourceN) / n - 0.5));
    if (flip) u = sourceN - 1 - u;
    const low = Math.floor(u);
    lower[i] = low * stride;
    upper[i] = Math.min(low + 1, sourceN - 1) * stride;
    frac[i] = u - low;
  }
  return { lower, upper, frac };
}

function samplesFor(sourceDims: Vec3, dims: Vec3, axes: AxisMap): AxisSamples[] {
  const strides = [1, sourceDims[0], sourceDims[0] * sourceDims[1]];
  return axes.map(({ from, flip }, to) => axisSamples(dims[to]!, sourceDims[from]!, flip, strides[from]!));
}

type Values = ArrayLike<number>;

/** Trilinear (or nearest) resampling of `channels` stacked volumes of `sourceDims` onto `dims`. */
export function resample(source: Values, sourceDims: Vec3, dims: Vec3, axes: AxisMap, mode: 'linear' | 'nearest', channels = 1): Float32Array {
  const [sx, sy, sz] = samplesFor(sourceDims, dims, axes) as [AxisSamples, AxisSamples, AxisSamples];
  const sourceSize = sourceDims[0] * sourceDims[1] * sourceDims[2];
  const size = dims[0] * dims[1] * dims[2];
  const out = new Float32Array(size * channels);
  for (let c = 0; c < channels; c++) {
    const base = c * sourceSize;
    let i = c * size;
    for (let z = 0; z < dims[2]; z++) {
      const z0 = sz.lower[z]! + base, z1 = sz.upper[z]! + base, fz = sz.frac[z]!;
      for (let y = 0; y < dims[1]; y++) {
        const y0 = sy.lower[y]!, y1 = sy.upper[y]!, fy = sy.frac[y]!;
        for (let x = 0; x < dims[0]; x++, i++) {
          const x0 = sx.lower[x]!, x1 = sx.upper[x]!, fx = sx.frac[x]!;
          if (mode === 'nearest') {
            out[i] = source[(fx < 0.5 ? x0 : x1) + (fy < 0.5 ? y0 : y1) + (fz < 0.5 ? z0 : z1)]!;
            continue;
          }
          const a = source[x0 + y0 + z0]! + fx * (source[x1 + y0 + z0]! - source[x0 + y0 + z0]!);
          const b = source[x0 + y1 + z0]! + fx * (source[x1 + y1 + z0]! - source[x0 + y1 + z0]!);
          const c0 = source[x0 + y0 + z1]! + fx * (source[x1 + y0 + z1]! - source[x0 + y0 + z1]!);
          const d = source[x0 + y1 + z1]! + fx * (source[x1 + y1 + z1]! - source[x0 + y1 + z1]!);
          const front = a + fy * (b - a);
          out[i] = front + fz * (c0 + fy * (d - c0) - front);
        }
      }
    }
  }
  return out;
}
