// Morphology in mm: dilate, erode, open, close, margin (grow or shrink) and hollow (a shell inside the surface).
import { needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';

export const morphologyTool: SegmentTool<'morphology', ParamsFrom<'morphology', 'operation' | 'mm' | 'shrink' | 'overwrite'>> = {
  id: 'morphology',
  label: 'Morphology',
  icon: '◎',
  key: 'toolMorphology',
  pointing: 'none',
  applies: true,
  defaults: { operation: 'dilate', mm: 1, shrink: false, overwrite: 'all' },
  fields: [
    {
      key: 'operation',
      label: 'Operation',
      kind: 'choice',
      options: [['dilate', 'dilate'], ['erode', 'erode'], ['open', 'open'], ['close', 'close'], ['margin', 'margin'], ['hollow', 'hollow']],
    },
    { key: 'mm', label: 'By', kind: 'number', min: 0.1, max: 100, step: 0.1, unit: 'mm' },
    { key: 'shrink', label: 'Shrink (margin)', kind: 'check' },
    overwriteField,
  ],
  operation: (params, { active }) => (active === undefined ? undefined : { tool: 'morphology', segment: active, ...params }),
  blocked: needsActive,
};
