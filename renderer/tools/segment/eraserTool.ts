// Eraser: drag in a slice view to clear the active segment, or every unlocked segment.
import type { SegmentTool } from './segmentTool';
import { eraseOperation, strokeDefaults, strokeFields } from './strokeTools';

export const eraserTool: SegmentTool = {
  id: 'eraser',
  label: 'Erase',
  icon: '⌫',
  key: 'toolEraser',
  pointing: 'stroke',
  applies: false,
  defaults: { ...strokeDefaults, allSegments: false },
  fields: [...strokeFields, { key: 'allSegments', label: 'Erase every unlocked segment', kind: 'check' }],
  operation: eraseOperation,
};
