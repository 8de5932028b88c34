// Distance-based morphology in the volume's unit, composed from the kernels' dilate and erode; it looks `mm`
// around each voxel, so it works piece by piece, each piece read with that many slices around it.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { maskOf, replaceSegment, voxelwise } from '../edit/labelWrites.js';
import { segmentsBox, voxelsFor } from '../edit/windows.js';
import * as kernels from '../kernels/index.js';
import type { Dims, Mask, Spacing } from '../kernels/index.js';
import { noPositions, type EditModule } from './toolModule.js';

type Morphology = OperationOf<'morphology'>;

export const morphology: EditModule<Morphology> = {
  needsImage: () => false,
  plan(edit, { labelmap, spacing }) {
    const margin = voxelsFor(edit.mm, spacing);
    // Opening and closing run two passes, so a voxel's result depends on voxels twice as far.
    const passes = edit.operation === 'open' || edit.operation === 'close' ? 2 : 1;
    return { kind: 'pieces', box: segmentsBox(labelmap, [edit.segment], margin), halo: passes * margin[2]! };
  },
  inWindow: noPositions,
  run(edit, { labels, dims, geometry, locked }) {
    replaceSegment(labels, edit.segment, morphologyMask(maskOf(labels, edit.segment), dims, geometry.spacing, edit), { locked, overwrite: edit.overwrite });
    return { added: [] };
  },
};

function morphologyMask(mask: Mask, dims: Dims, spacing: Spacing, { operation, mm, shrink }: Morphology): Mask {
  const dilate = (m: Mask) => kernels.dilate(m, dims, spacing, mm);
  const erode = (m: Mask) => kernels.erode(m, dims, spacing, mm);
  switch (operation) {
    case 'dilate':
      return dilate(mask);
    case 'erode':
      return erode(mask);
    case 'open':
      return dilate(erode(mask));
    case 'close':
      return erode(dilate(mask));
    case 'margin':
      return shrink ? erode(mask) : dilate(mask);
    case 'hollow': {
      // A shell `mm` thick just inside the surface.
      const core = erode(mask);
      return voxelwise(new Uint8Array(mask.length), (i) => mask[i]! & (1 - core[i]!));
    }
  }
}
