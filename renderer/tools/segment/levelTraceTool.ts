// Level tracing: click a slice view; the region of that slice connected to the clicked voxel, at or above its
// value, joins the active segment with its holes filled (the inside of the traced outline).
import { seedVoxel } from './seedVoxel';
import { needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';

export const levelTraceTool: SegmentTool<'levelTrace', ParamsFrom<'levelTrace', 'overwrite'>> = {
  id: 'levelTrace',
  label: 'Level tracing',
  icon: '◍',
  pointing: 'click',
  applies: false,
  defaults: { overwrite: 'all' },
  fields: [overwriteField],
  operation: (params, { volume, active }, drawn) =>
    active === undefined || !drawn?.points[0] ? undefined : { tool: 'levelTrace', segment: active, seed: seedVoxel(volume, drawn.points[0]), axis: drawn.axis, ...params },
  blocked: needsActive,
};
