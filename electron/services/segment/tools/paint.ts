// Paint: the stroke's voxels join the segment, as far as the overwrite rule and locked segments allow.
import { addToSegment } from '../edit/labelWrites.js';
import { strokeMask } from '../edit/stroke.js';
import { strokeModule } from './strokeTools.js';
import type { EditModule } from './toolModule.js';
import type { OperationOf } from '../../../common/segmentOperations.js';

export const paint: EditModule<OperationOf<'paint'>> = {
  ...strokeModule(),
  run(edit, { labels, dims, geometry, image, locked }) {
    const { mask, box } = strokeMask(edit, dims, geometry.spacing, image);
    addToSegment(labels, edit.segment, mask, { locked, overwrite: edit.overwrite }, { dims, box });
    return { added: [], bounds: box };
  },
};
