// A press on a measurement's handle drags that point, whatever the left button's tool; elsewhere the tool
// itself begins. Regions take their statistics again when the handle is let go.
import { useMeasurements, type Measurement } from '../../state/measurements';
import { worldToScreen } from '../../geometry/sliceGeometry';
import type { DragTool, Point } from './gesture';
import { worldAt } from './measurePoint';
import { regionStats } from './roiTool';
import type { SliceToolContext } from './sliceTools';

/** A handle takes the press within this many pixels of its centre. */
export const HANDLE_REACH = 7;

/** The measurements drawn on the plane a slice view shows now. */
export function onThisPlane(items: Measurement[], context: Pick<SliceToolContext, 'orientation' | 'frame' | 'cursor' | 'volume'>): Measurement[] {
  const { frame, cursor, volume, orientation } = context;
  const halfSlice = volume.spacing[frame.axis]! / 2;
  return items.filter((item) => {
    if (item.orientation !== orientation || item.volumeId !== volume.id) return false;
    const depth = item.points[0]!.reduce((sum, value, i) => sum + (value - cursor[i]!) * frame.look[i]!, 0);
    return Math.abs(depth) < halfSlice;
  });
}

function handleUnder(context: SliceToolContext, at: Point): { measurement: Measurement; point: number } | undefined {
  const [width, height] = context.size;
  for (const measurement of onThisPlane(useMeasurements.getState().items, context).reverse()) {
    const point = measurement.points.findIndex((world) => {
      const [x, y] = worldToScreen(context.camera, context.frame, width, height, world);
      return Math.hypot(x - at.x, y - at.y) <= HANDLE_REACH;
    });
    if (point >= 0) return { measurement, point };
  }
  return undefined;
}

export function withHandles(tool: DragTool<SliceToolContext>): DragTool<SliceToolContext> {
  return {
    id: tool.id,
    begin(context, at) {
      const found = handleUnder(context, at);
      if (!found) return tool.begin(context, at);
      const store = useMeasurements.getState();
      const { measurement, point } = found;
      store.select(measurement.id);
      let points = measurement.points;
      return {
        move(to) {
          points = points.map((world, n) => (n === point ? worldAt(context, to) : world));
          store.update(measurement.id, { points });
        },
        end() {
          const stats = regionStats(context, { kind: measurement.kind, points });
          if (stats) store.update(measurement.id, { stats });
        },
      };
    },
  };
}
