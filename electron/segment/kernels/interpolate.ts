import { squaredDistance } from './distance.js';
import type { Dims, Mask } from './types.js';

/**
 * Fills the slices between painted slices along `axis` by blending the signed in-slice distance maps of the two
 * nearest painted slices (shape-based interpolation); painted slices are kept as they are.
 */
export function interpolateSlices(mask: Mask, dims: Dims, axis: 0 | 1 | 2): Mask {
  const plane = dims.filter((_, a) => a !== axis) as unknown as [number, number];
  const planeDims: Dims = [plane[0], plane[1], 1];
  const sliceCount = dims[axis]!;
  const out = mask.slice();
  const painted: number[] = [];
  for (let s = 0; s < sliceCount; s++) if (readSlice(mask, dims, axis, s).some((v) => v === 1)) painted.push(s);
  for (let k = 0; k + 1 < painted.length; k++) {
    const [from, to] = [painted[k]!, painted[k + 1]!];
    if (to - from < 2) continue;
    const a = signedDistance(readSlice(mask, dims, axis, from), planeDims);
    const b = signedDistance(readSlice(mask, dims, axis, to), planeDims);
    for (let s = from + 1; s < to; s++) {
      const t = (s - from) / (to - from);
      const slice = Uint8Array.from(a, (da, i) => ((1 - t) * da + t * b[i]! < 0 ? 1 : 0));
      writeSlice(out, dims, axis, s, slice);
    }
  }
  return out;
}

/** Negative inside (distance to the nearest outside pixel), positive outside; half a pixel puts the contour between. */
function signedDistance(slice: Mask, planeDims: Dims): Float32Array {
  const unit: Dims = [1, 1, 1];
  const toInside = squaredDistance(slice, planeDims, unit, 1);
  const toOutside = squaredDistance(slice, planeDims, unit, 0);
  return Float32Array.from(slice, (v, i) => (v ? -Math.sqrt(toOutside[i]!) + 0.5 : Math.sqrt(toInside[i]!) - 0.5));
}

function sliceIndex(dims: Dims, axis: number, s: number): (u: number, v: number) => number {
  const [nx, ny] = dims;
  if (axis === 0) return (u, v) => s + nx * (u + ny * v);
  if (axis === 1) return (u, v) => u + nx * (s + ny * v);
  return (u, v) => u + nx * (v + ny * s);
}

function readSlice(volume: Mask, dims: Dims, axis: number, s: number): Mask {
  const [nu, nv] = dims.filter((_, a) => a !== axis) as unknown as [number, number];
  const at = sliceIndex(dims, axis, s);
  const slice = new Uint8Array(nu * nv);
  for (let v = 0, i = 0; v < nv; v++) for (let u = 0; u < nu; u++, i++) slice[i] = volume[at(u, v)]!;
  return slice;
}

function writeSlice(volume: Mask, dims: Dims, axis: number, s: number, slice: Mask): void {
  const [nu, nv] = dims.filter((_, a) => a !== axis) as unknown as [number, number];
  const at = sliceIndex(dims, axis, s);
  for (let v = 0, i = 0; v < nv; v++) for (let u = 0; u < nu; u++, i++) volume[at(u, v)] = slice[i]!;
}
