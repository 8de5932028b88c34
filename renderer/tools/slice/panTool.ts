// Middle-drag or Shift+left-drag in a slice view: the image follows the mouse.
import { panByPixels } from '../../geometry/sliceGeometry';
import type { DragTool } from './gesture';
import type { SliceToolContext } from './sliceTools';

export const panTool: DragTool<SliceToolContext> = {
  id: 'pan',
  begin({ camera, size, setZoomPan }, start) {
    return { move: ({ x, y }) => setZoomPan(panByPixels(camera, size[1], [x - start.x, y - start.y])) };
  },
};
