// Erase: drag in a slice view to clear the active segment, or every unlocked segment.
import type { SegmentTool } from './segmentTool';
import { strokeDefaults, strokeFields, strokeOf, type StrokeParams } from './strokeTools';

export const eraseTool: SegmentTool<'erase', StrokeParams & { allSegments: boolean }> = {
  id: 'erase',
  label: 'Erase',
  icon: '⌫',
  key: 'toolEraser',
  pointing: 'stroke',
  applies: false,
  defaults: { ...strokeDefaults, allSegments: false },
  fields: [...strokeFields, { key: 'allSegments', label: 'Erase every unlocked segment', kind: 'check' }],
  operation(params, { active }, drawn) {
    const stroke = strokeOf(params, drawn);
    if (!stroke) return undefined;
    return { tool: 'erase', ...(params.allSegments || active === undefined ? {} : { segment: active }), ...stroke };
  },
};
