// Paint and erase share one stroke (edit/stroke.ts): what it reads, where it works and how it moves into a
// window; each adds only how its mask lands.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { boxOfPoints, shiftPoints } from '../edit/windows.js';
import { worldToVoxel } from '../../volume/geometry.js';
import type { EditModule } from './toolModule.js';

type StrokeEdit = OperationOf<'paint'> | OperationOf<'erase'>;

export function strokeModule<E extends StrokeEdit>(): Omit<EditModule<E>, 'run'> {
  return {
    needsImage: (edit) => edit.intensityRange !== undefined,
    // Windows are boxes of voxels: world positions become voxel positions once, before planning.
    inVoxels: (edit, geometry) => (edit.space === 'world' ? { ...edit, points: worldToVoxel(geometry, edit.points), space: 'voxel' } : edit),
    plan(edit, { labelmap, spacing }) {
      const reach = spacing.map((s, k) => (edit.shape === 'disc' && k === edit.axis ? 0 : edit.radiusMm / s));
      return { kind: 'pieces', box: boxOfPoints(edit.points, reach, labelmap.dims), halo: 0 };
    },
    inWindow: (edit, window) => ({ ...edit, points: shiftPoints(edit.points, window.min) }),
  };
}
