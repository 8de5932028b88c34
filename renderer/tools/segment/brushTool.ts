// Brush: drag in a slice view to paint the active segment (disc or sphere, radius in mm), optionally only where
// the image lies in an intensity range; locked segments are never overwritten (the main side holds to that).
import { needsActive, overwriteField, type SegmentTool } from './segmentTool';
import { paintOperation, strokeDefaults, strokeFields } from './strokeTools';

export const brushTool: SegmentTool = {
  id: 'brush',
  label: 'Paint',
  icon: '✎',
  key: 'toolBrush',
  pointing: 'stroke',
  applies: false,
  defaults: { ...strokeDefaults, withinRange: false, range: [0, 0], overwrite: 'all' },
  fields: [
    ...strokeFields,
    { key: 'withinRange', label: 'Paint only within the intensity range', kind: 'check' },
    { key: 'range', label: 'Intensity range', kind: 'range' },
    overwriteField,
  ],
  operation: paintOperation,
  blocked: needsActive,
};
