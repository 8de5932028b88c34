// Fill holes: enclosed background inside the active segment, in 3-D or slice by slice.
import { axisOptions, needsActive, overwriteField, type SegmentTool } from './segmentTool';

export const fillHolesTool: SegmentTool = {
  id: 'fillHoles',
  label: 'Fill holes',
  icon: '●',
  key: 'toolFillHoles',
  pointing: 'none',
  applies: true,
  defaults: { perSlice: '3d', overwrite: 'all' },
  fields: [{ key: 'perSlice', label: 'Holes', kind: 'choice', options: [['3d', 'enclosed in 3-D'], ...axisOptions.map(([axis, name]) => [axis, `per ${name} slice`] as const)] }, overwriteField],
  operation: (params, { active }) =>
    active === undefined
      ? undefined
      : {
          tool: 'fillHoles',
          segment: active,
          ...(params.perSlice === '3d' ? {} : { perSliceAxis: Number(params.perSlice) as 0 | 1 | 2 }),
          overwrite: params.overwrite as 'all' | 'empty',
        },
  blocked: needsActive,
};
