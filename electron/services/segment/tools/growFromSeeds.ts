// Multi-label grow: starts around the seed segments (or on the whole volume when it fits), widening while the
// grown region reaches a side of its window.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { voxelwise } from '../edit/labelWrites.js';
import { firstReach, segmentsBox } from '../edit/windows.js';
import * as kernels from '../kernels/index.js';
import { maskBox, wholeBox } from '../regions.js';
import { imageOf, noPositions, type EditModule } from './toolModule.js';

export const growFromSeeds: EditModule<OperationOf<'growFromSeeds'>> = {
  needsImage: () => true,
  plan: (edit, { labelmap, wholeFits }) => ({ kind: 'grow', box: wholeFits ? wholeBox(labelmap.dims) : segmentsBox(labelmap, edit.segments, firstReach) }),
  inWindow: noPositions,
  run(edit, input) {
    const { labels, dims, locked } = input;
    const chosen = new Set(edit.segments);
    const seeds = voxelwise(new Uint16Array(labels.length), (i) => (chosen.has(labels[i]!) ? labels[i]! : 0));
    const grown = kernels.growFromSeeds(imageOf(input, edit.tool), dims, seeds, edit.range);
    for (let i = 0; i < labels.length; i++) {
      const current = labels[i]!;
      if (grown[i] && (current === 0 || chosen.has(current)) && !locked.has(current)) labels[i] = grown[i]!;
    }
    return { added: [], reach: maskBox(grown, dims) };
  },
  alsoNamed: (edit) => edit.segments,
};
