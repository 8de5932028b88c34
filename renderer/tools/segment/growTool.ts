// Grow from seeds: click seeds in the slice views, then the voxels connected to them within the intensity range
// join the active segment.
import { needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';

export const growTool: SegmentTool<'grow', ParamsFrom<'grow', 'range' | 'connectivity' | 'overwrite'>> = {
  id: 'grow',
  label: 'Grow from seeds',
  icon: '✺',
  key: 'toolGrow',
  pointing: 'seed',
  applies: true,
  defaults: { range: [0, 0], connectivity: 6, overwrite: 'all' },
  fields: [
    { key: 'range', label: 'Intensity range', kind: 'range' },
    { key: 'connectivity', label: 'Neighbours', kind: 'choice', options: [[6, '6 (faces)'], [18, '18 (edges)'], [26, '26 (corners)']] },
    overwriteField,
  ],
  operation: (params, { active, seeds }) => (active === undefined || seeds.length === 0 ? undefined : { tool: 'grow', segment: active, seeds, ...params }),
  blocked: (params, context) => needsActive(params, context) ?? (context.seeds.length === 0 ? 'Click seeds in a slice view.' : undefined),
};
