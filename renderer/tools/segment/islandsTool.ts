// Islands: keep the largest, remove the small ones, or split each into its own segment.
import { needsActive, type ParamsFrom, type SegmentTool } from './segmentTool';

export const islandsTool: SegmentTool<'islands', ParamsFrom<'islands', 'mode' | 'minVoxels' | 'connectivity'>> = {
  id: 'islands',
  label: 'Islands',
  icon: '⁘',
  key: 'toolIslands',
  pointing: 'none',
  applies: true,
  defaults: { mode: 'removeSmall', minVoxels: 1000, connectivity: 26 },
  fields: [
    { key: 'mode', label: 'Do', kind: 'choice', options: [['keepLargest', 'keep the largest island'], ['removeSmall', 'remove small islands'], ['split', 'split islands into segments']] },
    { key: 'minVoxels', label: 'Smaller than (voxels)', kind: 'number', min: 1, max: 1e9, step: 1 },
    { key: 'connectivity', label: 'Neighbours', kind: 'choice', options: [[6, '6 (faces)'], [18, '18 (edges)'], [26, '26 (corners)']] },
  ],
  operation: (params, { active }) => (active === undefined ? undefined : { tool: 'islands', segment: active, ...params }),
  blocked: needsActive,
};
