// Paint: drag in a slice view to paint the active segment (disc or sphere, radius in mm), optionally only where
// the image lies in an intensity range; locked segments are never overwritten (the main side holds to that).
import { needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';
import { strokeDefaults, strokeFields, strokeOf, type StrokeParams } from './strokeTools';

type Params = StrokeParams & ParamsFrom<'paint', 'overwrite'> & { withinRange: boolean; range: [number, number] };

export const paintTool: SegmentTool<'paint', Params> = {
  id: 'paint',
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
  operation(params, { active }, drawn) {
    const stroke = strokeOf(params, drawn);
    if (!stroke || active === undefined) return undefined;
    return { tool: 'paint', segment: active, ...stroke, ...(params.withinRange && { intensityRange: params.range }), overwrite: params.overwrite };
  },
  blocked: needsActive,
};
