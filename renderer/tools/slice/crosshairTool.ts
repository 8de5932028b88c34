// Left-drag in a slice view: the crosshair follows the mouse on the slice's plane.
import { screenToWorld } from '../../geometry/sliceGeometry';
import type { DragTool, Point } from './gesture';
import type { SliceToolContext } from './sliceTools';

export const crosshairTool: DragTool<SliceToolContext> = {
  id: 'moveCrosshair',
  begin({ camera, frame, size: [width, height], cursor, setCursor }, at) {
    const place = ({ x, y }: Point) => setCursor(screenToWorld(camera, frame, width, height, [x, y], cursor));
    place(at);
    return { move: place };
  },
};
