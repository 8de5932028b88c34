// Smoothing of the active segment: median over a box, or Gaussian in mm.
import { needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';

export const smoothTool: SegmentTool<'smooth', ParamsFrom<'smooth', 'method' | 'radiusVoxels' | 'sigmaMm' | 'overwrite'>> = {
  id: 'smooth',
  label: 'Smoothing',
  icon: '∿',
  pointing: 'none',
  applies: true,
  defaults: { method: 'median', radiusVoxels: 1, sigmaMm: 1, overwrite: 'all' },
  fields: [
    { key: 'method', label: 'Method', kind: 'choice', options: [['median', 'median'], ['gaussian', 'Gaussian']] },
    { key: 'radiusVoxels', label: 'Median radius (voxels)', kind: 'number', min: 1, max: 20, step: 1 },
    { key: 'sigmaMm', label: 'Gaussian σ', kind: 'number', min: 0.1, max: 50, step: 0.1, unit: 'mm' },
    overwriteField,
  ],
  operation: (params, { active }) => (active === undefined ? undefined : { tool: 'smooth', segment: active, ...params }),
  blocked: needsActive,
};
