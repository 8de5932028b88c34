// Scissors: draw a closed outline in a slice view; the voxels inside (or outside) it are erased (or filled), on
// that slice only or straight through the volume.
import { worldToIndex } from '../../geometry/sliceGeometry';
import type { ParamsFrom, SegmentTool } from './segmentTool';

/** The in-plane index axes of a slice across `axis`, in increasing order (as the contract's polygon wants them). */
export const planeAxes = (axis: number): [number, number] => [0, 1, 2].filter((k) => k !== axis) as [number, number];

export const scissorsTool: SegmentTool<'scissors', ParamsFrom<'scissors', 'side' | 'action' | 'extent'> & { allSegments: boolean }> = {
  id: 'scissors',
  label: 'Scissors',
  icon: '✂',
  key: 'toolScissors',
  pointing: 'polygon',
  applies: false,
  defaults: { side: 'inside', action: 'erase', extent: 'volume', allSegments: false },
  fields: [
    { key: 'action', label: 'Do', kind: 'choice', options: [['erase', 'erase'], ['fill', 'fill the active segment']] },
    { key: 'side', label: 'Where', kind: 'choice', options: [['inside', 'inside the outline'], ['outside', 'outside the outline']] },
    { key: 'extent', label: 'Through', kind: 'choice', options: [['volume', 'the whole volume'], ['slice', 'this slice only']] },
    { key: 'allSegments', label: 'Erase every unlocked segment', kind: 'check' },
  ],
  operation({ side, action, extent, allSegments }, { volume, active }, drawn) {
    if (!drawn || drawn.points.length < 3) return undefined;
    if (action === 'fill' && active === undefined) return undefined;
    const [u, v] = planeAxes(drawn.axis);
    const polygon = drawn.points.map((point): [number, number] => {
      const index = worldToIndex(volume, point);
      return [index[u]!, index[v]!];
    });
    const everyone = action === 'erase' && allSegments;
    return { tool: 'scissors', ...(everyone || active === undefined ? {} : { segment: active }), axis: drawn.axis, polygon, side, action, extent, slice: drawn.slice };
  },
};
