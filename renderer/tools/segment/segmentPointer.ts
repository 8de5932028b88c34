// The left button in a slice view while a segmentation tool is chosen, as a small state machine (the gesture
// holds idle → dragging; here pointing → dragging → done): a stroke paints or erases as the pointer moves (in
// pieces, see strokePieces.ts), a click places a grow seed or applies a click tool (level tracing), a drawn outline
// cuts with the scissors. With no such
// tool the crosshair moves.
import type { Vec3, VolumeInfo } from '../../../electron/common/contract';
import { useSegments, type Sketch } from '../../state/segments';
import { useVolumes } from '../../state/volumes';
import { screenToWorld, sliceIndex } from '../../geometry/sliceGeometry';
import { seedVoxel } from './seedVoxel';
import type { DragTool, Point } from '../slice/gesture';
import type { AnySegmentTool, Drawn, ToolContext } from './segmentTool';
import { toolById } from './segmentTools';
import type { SliceToolContext } from '../slice/sliceTools';
import { StrokePieces } from './strokePieces';

/** A pointer that moves less than this many pixels between samples adds no point to a stroke or outline. */
const MIN_STEP_PX = 2;

export function toolContext(full: VolumeInfo): ToolContext {
  const { info, active, seeds } = useSegments.getState();
  return { volume: full, segments: info?.segments ?? [], active, seeds };
}

/** A slice frame's index axis as the contract names it. */
const indexAxis = (axis: number): Drawn['axis'] => (axis === 0 || axis === 1 ? axis : 2);

let strokes = 0;

/**
 * A brush or eraser stroke paints while the pointer moves: sent in pieces with one stroke id (one log entry, one
 * undo), with the parameters of the button's press. `landed(start)` follows each applied piece, `done` the last.
 */
function livePieces(tool: AnySegmentTool, full: VolumeInfo, drawn: Drawn, landed: (start: number) => void, done: () => void): StrokePieces<Vec3> {
  const params = useSegments.getState().params[tool.id];
  const context = toolContext(full);
  const stroke = `${Date.now().toString(36)}-${++strokes}`;
  useSegments.getState().strokeUnderway(1);
  return new StrokePieces<Vec3>(
    async (points, start) => {
      const operation = tool.operation(params, context, { ...drawn, points, stroke });
      const applied = !!operation && (await useSegments.getState().applyPiece(operation));
      if (applied) landed(start);
      return applied;
    },
    () => {
      useSegments.getState().strokeUnderway(-1);
      done();
    },
  );
}

/** Collects the drag's points on the slice plane: a stroke paints as it goes, an outline goes to the tool when the button comes up. */
function drawDrag(tool: AnySegmentTool, context: SliceToolContext, full: VolumeInfo, at: Point) {
  const { camera, frame, size, cursor } = context;
  const world = ({ x, y }: Point) => screenToWorld(camera, frame, size[0], size[1], [x, y], cursor);
  const kind = tool.pointing === 'polygon' ? ('polygon' as const) : ('stroke' as const);
  const drawn: Drawn = { axis: indexAxis(frame.axis), slice: sliceIndex(full, frame, cursor), points: [world(at)] };
  // The preview covers what is not painted yet, and the last piece painted while its slice is on its way to the view.
  let from = 0;
  let sketch: Sketch | undefined;
  const show = () => useSegments.getState().setSketch((sketch = { axis: frame.axis, points: drawn.points.slice(from), kind }));
  const ours = () => useSegments.getState().sketch === sketch; // another drag may have begun meanwhile
  const pieces =
    kind === 'stroke'
      ? livePieces(tool, full, drawn, (start) => ours() && ((from = start), show()), () => ours() && useSegments.getState().setSketch(undefined))
      : undefined;
  let last = at;
  show();
  pieces?.add(drawn.points[0]!);
  return {
    move(next: Point) {
      if (Math.hypot(next.x - last.x, next.y - last.y) < MIN_STEP_PX) return;
      last = next;
      drawn.points = [...drawn.points, world(next)];
      show();
      pieces?.add(drawn.points.at(-1)!);
    },
    end() {
      if (pieces) return pieces.end();
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
      if (tool.pointing === 'seed' || tool.pointing === 'click') {
        const { camera, frame, size, cursor } = context;
        const world = screenToWorld(camera, frame, size[0], size[1], [at.x, at.y], cursor);
        const state = useSegments.getState();
        if (tool.pointing === 'seed') state.setSeeds([...state.seeds, seedVoxel(full, world)]);
        else {
          const operation = tool.operation(state.params[tool.id], toolContext(full), { axis: indexAxis(frame.axis), slice: sliceIndex(full, frame, cursor), points: [world] });
          if (operation) void state.apply(operation);
        }
        return { move() {} };
      }
      return drawDrag(tool, context, full, at);
    },
  };
}
