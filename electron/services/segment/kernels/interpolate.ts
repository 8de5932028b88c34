// Morphological contour interpolation (Albu et al., IEEE TBME 2008; Zukić et al., "ND Morphological Contour
// Interpolation", Insight Journal 2016), as ITK's MorphologicalContourInterpolator with 3D Slicer's defaults.
import { islandsOf, type Islands } from './contourIslands.js';
import type { Canvas } from './contourMedian.js';
import { interpolateBetween } from './contourPairs.js';
import type { Dims, Mask } from './types.js';

/**
 * Fills the slices between painted slices (slices holding any voxel) along `axis`: the regions of consecutive
 * painted slices are matched by overlap, aligned, split where one meets several, and morphed through their
 * median; a region without partner shrinks to a point. Painted slices are kept as they are.
 */
export function interpolateSlices(mask: Mask, dims: Dims, axis: 0 | 1 | 2): Mask {
  const [nu, nv] = dims.filter((_, a) => a !== axis) as unknown as [number, number];
  const out = mask.slice();
  const canvas: Canvas = {
    nu,
    nv,
    paint: (slice, pixels) => {
      const at = sliceIndex(dims, axis, slice);
      for (const p of pixels) out[at(p % nu, Math.floor(p / nu))] = 1;
    },
  };
  const painted = paintedSlices(mask, dims, axis);
  let previous: Islands | undefined;
  for (let k = 0; k < painted.length; k++) {
    const islands = islandsOf(readSlice(mask, dims, axis, painted[k]!), nu, nv);
    if (previous && painted[k]! - painted[k - 1]! > 1) interpolateBetween(canvas, painted[k - 1]!, painted[k]!, previous, islands);
    previous = islands;
  }
  return out;
}

function paintedSlices(mask: Mask, dims: Dims, axis: number): number[] {
  const [nx, ny] = dims;
  const painted = new Uint8Array(dims[axis]!);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) painted[axis === 0 ? i % nx : axis === 1 ? Math.floor(i / nx) % ny : Math.floor(i / (nx * ny))] = 1;
  }
  return [...painted.keys()].filter((s) => painted[s]);
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
  for (let v = 0, i = 0; v < nv; v++) for (let u = 0; u < nu; u++, i++) slice[i] = volume[at(u, v)]! ? 1 : 0;
  return slice;
}
