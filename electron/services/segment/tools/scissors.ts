// Scissors: a polygon drawn in a slice view cuts through one slice or the whole volume; voxelwise, so it works
// piece by piece over that slice or the volume.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { addToSegment, clearSegment } from '../edit/labelWrites.js';
import type { Dims, Mask } from '../kernels/index.js';
import { intersectBox, wholeBox } from '../regions.js';
import { missing, type EditModule } from './toolModule.js';

type Scissors = OperationOf<'scissors'>;

/** The in-plane axes of a slice across `axis`, in increasing order (the polygon's u and v). */
const planeAxes = (axis: number) => [0, 1, 2].filter((k) => k !== axis) as [number, number];

export const scissors: EditModule<Scissors> = {
  needsImage: () => false,
  plan(edit, { labelmap: { dims } }) {
    const box = wholeBox(dims);
    if (edit.extent === 'slice') [box.min[edit.axis], box.max[edit.axis]] = [edit.slice, Math.min(edit.slice + 1, dims[edit.axis]!)];
    return { kind: 'pieces', box: intersectBox(box, wholeBox(dims)), halo: 0 };
  },
  inWindow(edit, { min }) {
    const [u, v] = planeAxes(edit.axis);
    return { ...edit, polygon: edit.polygon.map(([pu, pv]) => [pu - min[u]!, pv - min[v]!]), slice: edit.slice - min[edit.axis]! };
  },
  run(edit, { labels, dims, locked }) {
    const mask = cutMask(edit, dims);
    if (edit.action === 'erase') clearSegment(labels, edit.segment, mask, locked);
    else addToSegment(labels, edit.segment ?? missing('scissors fill needs a segment'), mask, { locked, overwrite: 'all' });
    return { added: [] };
  },
};

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
function cutMask(cut: Scissors, dims: Dims): Mask {
  const [uAxis, vAxis] = planeAxes(cut.axis);
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
