// The left button in a slice view while a segmentation tool is chosen, as a small state machine (the gesture
// holds idle → dragging; here pointing → dragging → done): a stroke paints or erases when the button comes up,
// a click places a grow seed, a drawn outline cuts with the scissors. With no such tool the crosshair moves.
import type { Vec3, VolumeInfo } from '../../electron/contract';
import { useSegments } from '../state/segments';
import { useVolumes } from '../state/volumes';
import { screenToWorld, sliceIndex, worldToIndex } from '../views/sliceGeometry';
import type { DragTool, Point } from './gesture';
import type { Drawn, SegmentTool, ToolContext } from './segmentTool';
import { toolById } from './segmentTools';
import type { SliceToolContext } from './sliceTools';

/** A pointer that moves less than this many pixels between samples adds no point to a stroke or outline. */
const MIN_STEP_PX = 2;

/** The voxel a world point falls in, clamped to the volume. */
export function seedVoxel(volume: VolumeInfo, world: Vec3): Vec3 {
  return worldToIndex(volume, world).map((c, k) => Math.min(volume.dims[k]! - 1, Math.max(0, Math.round(c)))) as Vec3;
}

export function toolContext(full: VolumeInfo): ToolContext {
  const { info, active, seeds } = useSegments.getState();
  return { volume: full, segments: info?.segments ?? [], active, seeds };
}

/** Collects the drag's points on the slice plane and hands them to the tool when the button comes up. */
function drawDrag(tool: SegmentTool, context: SliceToolContext, full: VolumeInfo, at: Point) {
  const { camera, frame, size, cursor } = context;
  const world = ({ x, y }: Point) => screenToWorld(camera, frame, size[0], size[1], [x, y], cursor);
  const kind = tool.pointing === 'polygon' ? ('polygon' as const) : ('stroke' as const);
  const drawn: Drawn = { axis: frame.axis, slice: sliceIndex(full, frame, cursor), points: [world(at)] };
  let last = at;
  const segments = useSegments.getState();
  segments.setSketch({ axis: frame.axis, points: drawn.points, kind });
  return {
    move(next: Point) {
      if (Math.hypot(next.x - last.x, next.y - last.y) < MIN_STEP_PX) return;
      last = next;
      drawn.points = [...drawn.points, world(next)];
      useSegments.getState().setSketch({ axis: frame.axis, points: drawn.points, kind });
    },
    end() {
      const state = useSegments.getState();
      state.setSketch(undefined);
      const operation = tool.operation(state.params[tool.id], toolContext(full), drawn);
      if (operation) void state.apply(operation);
    },
  };
}

export function withSegmentTools(crosshair: DragTool<SliceToolContext>): DragTool<SliceToolContext> {
  return {
    id: crosshair.id,
    begin(context, at) {
      const chosen = useSegments.getState().tool;
      const full = useVolumes.getState().shown?.full;
      const tool = chosen && toolById(chosen);
      if (!tool || !full || tool.pointing === 'none') return crosshair.begin(context, at);
      if (tool.pointing === 'seed') {
        const { camera, frame, size, cursor } = context;
        const seed = seedVoxel(full, screenToWorld(camera, frame, size[0], size[1], [at.x, at.y], cursor));
        useSegments.getState().setSeeds([...useSegments.getState().seeds, seed]);
        return { move() {} };
      }
      return drawDrag(tool, context, full, at);
    },
  };
}
