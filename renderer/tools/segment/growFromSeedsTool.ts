// Multi-label grow (Slicer's "Grow from seeds" with several segments): the painted voxels of every visible
// segment are seeds, and each unpainted voxel joins the segment that reaches it cheapest.
import type { ParamsFrom, SegmentTool } from './segmentTool';

export const growFromSeedsTool: SegmentTool<'growFromSeeds', ParamsFrom<'growFromSeeds', 'range'> & { limitRange: boolean }> = {
  id: 'growFromSeeds',
  label: 'Grow segments',
  icon: '❋',
  pointing: 'none',
  applies: true,
  defaults: { limitRange: false, range: [0, 0] },
  fields: [
    { key: 'limitRange', label: 'Only within the intensity range', kind: 'check' },
    { key: 'range', label: 'Intensity range', kind: 'range' },
  ],
  operation(params, { segments }) {
    const seeds = segments.filter((segment) => segment.visible).map((segment) => segment.value);
    if (seeds.length < 2) return undefined;
    return { tool: 'growFromSeeds', segments: seeds, ...(params.limitRange ? { range: params.range } : {}) };
  },
  blocked: (_params, { segments }) => (segments.filter((segment) => segment.visible).length < 2 ? 'Paint seeds in at least two visible segments.' : undefined),
};
