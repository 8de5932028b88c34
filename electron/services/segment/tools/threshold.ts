// Threshold: voxelwise, so it works piece by piece over its region and the segment's old voxels.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { replaceSegment } from '../edit/labelWrites.js';
import { keepInRange } from '../edit/stroke.js';
import type { Dims, Mask } from '../kernels/index.js';
import { intersectBox, shiftBox, unionBox, wholeBox } from '../regions.js';
import { imageOf, type EditModule } from './toolModule.js';
import { boxAt, worldOf } from './worldPositions.js';

export const threshold: EditModule<OperationOf<'threshold'>> = {
  needsImage: () => true,
  plan(edit, { labelmap }) {
    const all = wholeBox(labelmap.dims);
    return { kind: 'pieces', box: unionBox(edit.region ? intersectBox(edit.region, all) : all, labelmap.bounds([edit.segment])), halo: 0 };
  },
  inWindow(edit, window) {
    if (!edit.region) return edit;
    const inside = intersectBox(edit.region, window);
    return { ...edit, region: inside ? shiftBox(inside, window.min, -1) : { min: [0, 0, 0], max: [0, 0, 0] } };
  },
  run(edit, input) {
    const { labels, dims, locked } = input;
    const mask = new Uint8Array(labels.length).fill(1);
    if (edit.region) keepInBox(mask, dims, edit.region);
    keepInRange(mask, imageOf(input, edit.tool), edit.range);
    replaceSegment(labels, edit.segment, mask, { locked, overwrite: edit.overwrite });
    return { added: [] };
  },
  toWorld({ region, ...rest }, geometry) {
    if (!region) return rest;
    const [min, max] = worldOf(geometry, [region.min, region.max]);
    return { ...rest, regionMm: { min: min!, max: max! } };
  },
  inGrid: ({ regionMm, ...rest }, grid) => ({ ...rest, ...(regionMm && { region: boxAt(grid, regionMm) }) }),
};

function keepInBox(mask: Mask, dims: Dims, { min, max }: { min: number[]; max: number[] }): void {
  for (let z = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      for (let x = 0; x < dims[0]; x++) {
        const outside = x < min[0]! || x >= max[0]! || y < min[1]! || y >= max[1]! || z < min[2]! || z >= max[2]!;
        if (outside) mask[x + dims[0] * (y + dims[1] * z)] = 0;
      }
    }
  }
}
