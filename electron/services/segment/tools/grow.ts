// Seeded region growing: starts around its seeds (or on the whole volume when it fits), widening while the grown
// region reaches a side of its window.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { addToSegment, voxelwise } from '../edit/labelWrites.js';
import { boxOfPoints, firstReach, shiftPoints } from '../edit/windows.js';
import * as kernels from '../kernels/index.js';
import { boxDims, maskBox, wholeBox } from '../regions.js';
import { imageOf, type EditModule } from './toolModule.js';
import { voxelsAt, worldOf } from './worldPositions.js';

export const grow: EditModule<OperationOf<'grow'>> = {
  needsImage: () => true,
  plan: (edit, { labelmap: { dims }, wholeFits }) => ({ kind: 'grow', box: wholeFits ? wholeBox(dims) : boxOfPoints(edit.seeds, firstReach, dims) }),
  inWindow(edit, window) {
    const dims = boxDims(window);
    return { ...edit, seeds: shiftPoints(edit.seeds, window.min).filter((s) => s.every((c, k) => c >= 0 && c < dims[k]!)) };
  },
  run(edit, input) {
    const { labels, dims, locked } = input;
    const seeds = edit.seeds.map(([x, y, z]) => x + dims[0] * (y + dims[1] * z));
    const allowed = voxelwise(new Uint8Array(labels.length), (i) => {
      const current = labels[i]!;
      return current === 0 || current === edit.segment || (edit.overwrite === 'all' && !locked.has(current)) ? 1 : 0;
    });
    const grown = kernels.growRegion(imageOf(input, edit.tool), dims, seeds, edit.range, edit.connectivity, allowed);
    addToSegment(labels, edit.segment, grown, { locked, overwrite: edit.overwrite });
    return { added: [], reach: maskBox(grown, dims) };
  },
  toWorld: ({ seeds, ...rest }, geometry) => ({ ...rest, seedsMm: worldOf(geometry, seeds) }),
  inGrid: ({ seedsMm, ...rest }, grid) => ({ ...rest, seeds: voxelsAt(grid, seedsMm, 'Seed') }),
};
