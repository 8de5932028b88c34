// Fill holes: enclosed background inside the active segment, in 3-D or slice by slice.
import { axisOptions, needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';

type Params = ParamsFrom<'fillHoles', 'overwrite'> & { perSlice: '3d' | ParamsFrom<'fillHoles', 'perSliceAxis'>['perSliceAxis'] };

export const fillHolesTool: SegmentTool<'fillHoles', Params> = {
  id: 'fillHoles',
  label: 'Fill holes',
  icon: '●',
  key: 'toolFillHoles',
  pointing: 'none',
  applies: true,
  defaults: { perSlice: '3d', overwrite: 'all' },
  fields: [{ key: 'perSlice', label: 'Holes', kind: 'choice', options: [['3d', 'enclosed in 3-D'], ...axisOptions.map(([axis, name]) => [axis, `per ${name} slice`] as const)] }, overwriteField],
  operation: ({ perSlice, overwrite }, { active }) =>
    active === undefined ? undefined : { tool: 'fillHoles', segment: active, ...(perSlice === '3d' ? {} : { perSliceAxis: perSlice }), overwrite },
  blocked: needsActive,
};
