// Interpolate: the slices between painted slices depend on the whole segment, so it works in one window around it.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { maskOf, replaceSegment } from '../edit/labelWrites.js';
import { segmentsBox } from '../edit/windows.js';
import * as kernels from '../kernels/index.js';
import { noPositions, type EditModule } from './toolModule.js';

export const interpolate: EditModule<OperationOf<'interpolate'>> = {
  needsImage: () => false,
  plan: (edit, { labelmap }) => ({ kind: 'whole', box: segmentsBox(labelmap, [edit.segment], [1, 1, 1]) }),
  inWindow: noPositions,
  run(edit, { labels, dims, locked }) {
    replaceSegment(labels, edit.segment, kernels.interpolateSlices(maskOf(labels, edit.segment), dims, edit.axis), { locked, overwrite: edit.overwrite });
    return { added: [] };
  },
};
