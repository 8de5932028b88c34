// Interpolate: fills the slices between sparsely painted slices of the active segment (morphological contour interpolation).
import { axisOptions, needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';

export const interpolateTool: SegmentTool<'interpolate', ParamsFrom<'interpolate', 'axis' | 'overwrite'>> = {
  id: 'interpolate',
  label: 'Interpolate',
  icon: '≋',
  pointing: 'none',
  applies: true,
  defaults: { axis: 2, overwrite: 'empty' },
  fields: [{ key: 'axis', label: 'Between slices', kind: 'choice', options: axisOptions }, overwriteField],
  operation: (params, { active }) => (active === undefined ? undefined : { tool: 'interpolate', segment: active, ...params }),
  blocked: needsActive,
};
