// Threshold: the active segment becomes the voxels within the range chosen on the histogram; the slices preview
// the range live while the tool is chosen.
import { needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';

export const thresholdTool: SegmentTool<'threshold', ParamsFrom<'threshold', 'range' | 'overwrite'>> = {
  id: 'threshold',
  label: 'Threshold',
  icon: '▚',
  key: 'toolThreshold',
  pointing: 'none',
  applies: true,
  defaults: { range: [0, 0], overwrite: 'all' },
  fields: [{ key: 'range', label: 'Intensity range', kind: 'range' }, overwriteField],
  operation: (params, { active }) => (active === undefined ? undefined : { tool: 'threshold', segment: active, ...params }),
  blocked: needsActive,
};
