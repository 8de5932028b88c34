// Ellipse and rectangle regions: drag from one corner to the opposite one; the statistics of the voxels
// inside are taken when the drag ends, from the finest voxels of the slice at hand.
import { useMeasurements, type Measurement } from '../../state/measurements';
import { roiStats, type RoiShape } from '../../geometry/measureGeometry';
import type { DragTool } from './gesture';
import { placeOf, worldAt } from './measurePoint';
import type { SliceToolContext } from './sliceTools';

/** The statistics of a region measurement over the slice the context shows; undefined for rulers and angles. */
export function regionStats(context: Pick<SliceToolContext, 'frame' | 'sliceVoxels'>, measurement: Pick<Measurement, 'kind' | 'points'>) {
  if (measurement.kind !== 'ellipse' && measurement.kind !== 'rectangle') return undefined;
  return roiStats(context.sliceVoxels(), context.frame, measurement.kind, measurement.points[0]!, measurement.points[1]!);
}

function regionTool(shape: RoiShape): DragTool<SliceToolContext> {
  return {
    id: shape,
    begin(context, at) {
      const start = worldAt(context, at);
      const store = useMeasurements.getState();
      const id = store.add(shape, placeOf(context), [start, start]);
      let points = [start, start];
      return {
        move(to) {
          points = [start, worldAt(context, to)];
          store.update(id, { points });
        },
        end() {
          const stats = regionStats(context, { kind: shape, points });
          if (stats) store.update(id, { stats });
          else store.remove(id); // no voxel inside: a click, or a line
        },
      };
    },
  };
}

export const ellipseTool = regionTool('ellipse');
export const rectangleTool = regionTool('rectangle');
