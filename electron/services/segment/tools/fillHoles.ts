// Fill holes: a hole is enclosed only as far as the whole segment says, so it works in one window around the
// segment (a voxel wider, for the background around it).
import type { OperationOf } from '../../../common/segmentOperations.js';
import { maskOf, replaceSegment } from '../edit/labelWrites.js';
import { segmentsBox } from '../edit/windows.js';
import * as kernels from '../kernels/index.js';
import { noPositions, type EditModule } from './toolModule.js';

export const fillHoles: EditModule<OperationOf<'fillHoles'>> = {
  needsImage: () => false,
  plan: (edit, { labelmap }) => ({ kind: 'whole', box: segmentsBox(labelmap, [edit.segment], [1, 1, 1]) }),
  inWindow: noPositions,
  run(edit, { labels, dims, locked }) {
    replaceSegment(labels, edit.segment, kernels.fillHoles(maskOf(labels, edit.segment), dims, edit.perSliceAxis), { locked, overwrite: edit.overwrite });
    return { added: [] };
  },
};
