// The left button in a slice view while a prompt model is chosen: a click places a point (positive, or negative
// while "negative" is on), a drag draws a box on that slice. Otherwise the left button does what it did.
import type { Vec3 } from '../../../electron/common/contract';
import { useInference } from '../../state/inference';
import { useVolumes } from '../../state/volumes';
import { screenToWorld } from '../../geometry/sliceGeometry';
import type { DragTool, Point } from '../slice/gesture';
import { seedVoxel } from './seedVoxel';
import type { SliceToolContext } from '../slice/sliceTools';

/** A drag shorter than this many pixels is a click. */
const CLICK_PX = 4;

/** The box with corners `a` and `b`, inclusive, in voxel indices. */
export const boxOf = (a: Vec3, b: Vec3) => ({ min: a.map((c, k) => Math.min(c, b[k]!)) as Vec3, max: a.map((c, k) => Math.max(c, b[k]!)) as Vec3 });

export function withPromptTool(other: DragTool<SliceToolContext>): DragTool<SliceToolContext> {
  return {
    id: other.id,
    begin(context, start) {
      const full = useVolumes.getState().shown?.full;
      const prompts = useInference.getState();
      if (!full || !prompts.prompting()) return other.begin(context, start);
      const { camera, frame, size, cursor } = context;
      const voxel = ({ x, y }: Point) => seedVoxel(full, screenToWorld(camera, frame, size[0], size[1], [x, y], cursor));
      const first = voxel(start);
      let dragged = false;
      return {
        move(at) {
          dragged ||= Math.hypot(at.x - start.x, at.y - start.y) >= CLICK_PX;
          if (dragged) useInference.getState().setBox(boxOf(first, voxel(at)));
        },
        end() {
          if (!dragged) useInference.getState().addPoint(first);
        },
      };
    },
  };
}
