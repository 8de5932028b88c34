// The scissors' cut: a polygon drawn in a slice view, through one slice or the whole volume.
import type { Dims, Mask } from '../kernels/index.js';

export interface Cut {
  axis: 0 | 1 | 2;
  /** [u, v] voxel indices in the plane; u, v are the two other axes in increasing order. */
  polygon: [number, number][];
  side: 'inside' | 'outside';
  extent: 'slice' | 'volume';
  slice: number;
}

/** Even-odd rule at a voxel centre. */
function inside(polygon: [number, number][], u: number, v: number): boolean {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [ui, vi] = polygon[i]!;
    const [uj, vj] = polygon[j]!;
    if (vi > v !== vj > v && u < ((uj - ui) * (v - vi)) / (vj - vi) + ui) result = !result;
  }
  return result;
}

/** Voxels on the chosen side of the cut. */
export function cutMask(cut: Cut, dims: Dims): Mask {
  const [uAxis, vAxis] = [0, 1, 2].filter((k) => k !== cut.axis) as [number, number];
  const strides = [1, dims[0], dims[0] * dims[1]];
  const plane = new Uint8Array(dims[uAxis]! * dims[vAxis]!);
  for (let v = 0; v < dims[vAxis]!; v++) {
    for (let u = 0; u < dims[uAxis]!; u++) plane[u + dims[uAxis]! * v] = inside(cut.polygon, u, v) === (cut.side === 'inside') ? 1 : 0;
  }
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const [first, last] = cut.extent === 'slice' ? [cut.slice, Math.min(cut.slice, dims[cut.axis]! - 1)] : [0, dims[cut.axis]! - 1];
  for (let w = first; w <= last; w++) {
    for (let v = 0; v < dims[vAxis]!; v++) {
      for (let u = 0; u < dims[uAxis]!; u++) {
        if (plane[u + dims[uAxis]! * v]) mask[w * strides[cut.axis]! + v * strides[vAxis]! + u * strides[uAxis]!] = 1;
      }
    }
  }
  return mask;
}
