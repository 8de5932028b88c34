// Erase: the stroke clears its segment's voxels, or every unlocked segment's.
import { clearSegment } from '../edit/labelWrites.js';
import { strokeMask } from '../edit/stroke.js';
import { strokeModule } from './strokeTools.js';
import type { EditModule } from './toolModule.js';
import type { OperationOf } from '../../../common/segmentOperations.js';

export const erase: EditModule<OperationOf<'erase'>> = {
  ...strokeModule(),
  run(edit, { labels, dims, geometry, image, locked }) {
    const { mask, box } = strokeMask(edit, dims, geometry.spacing, image);
    clearSegment(labels, edit.segment, mask, locked, { dims, box });
    return { added: [], bounds: box };
  },
};
