// Logical operations: voxelwise, so they work piece by piece over the two segments (the whole volume for invert).
import type { OperationOf } from '../../../common/segmentOperations.js';
import { maskOf, replaceSegment, voxelwise } from '../edit/labelWrites.js';
import type { Mask } from '../kernels/index.js';
import { wholeBox } from '../regions.js';
import { missing, noPositions, type EditModule } from './toolModule.js';

type Logical = OperationOf<'logical'>;

export const logical: EditModule<Logical> = {
  needsImage: () => false,
  plan: (edit, { labelmap }) => ({
    kind: 'pieces',
    box: edit.operation === 'invert' ? wholeBox(labelmap.dims) : labelmap.bounds([edit.segment, ...(edit.other === undefined ? [] : [edit.other])]),
    halo: 0,
  }),
  inWindow: noPositions,
  run(edit, { labels, locked }) {
    const other = edit.other === undefined ? undefined : maskOf(labels, edit.other);
    replaceSegment(labels, edit.segment, combine(edit, maskOf(labels, edit.segment), other), { locked, overwrite: edit.overwrite });
    return { added: [] };
  },
};

function combine(edit: Logical, segment: Mask, other: Mask | undefined): Mask {
  const needOther = () => other ?? missing(`${edit.operation} needs another segment`);
  const result = new Uint8Array(segment.length);
  switch (edit.operation) {
    case 'union': {
      const o = needOther();
      return voxelwise(result, (i) => segment[i]! | o[i]!);
    }
    case 'intersect': {
      const o = needOther();
      return voxelwise(result, (i) => segment[i]! & o[i]!);
    }
    case 'subtract': {
      const o = needOther();
      return voxelwise(result, (i) => segment[i]! & (1 - o[i]!));
    }
    case 'invert':
      return voxelwise(result, (i) => 1 - segment[i]!);
    case 'copy':
      return needOther().slice();
    case 'clear':
      return result;
  }
}
