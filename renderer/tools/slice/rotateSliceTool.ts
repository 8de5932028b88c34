// Shift+right-drag in a slice view: turn its plane about the crosshair, left–right about the screen's vertical,
// up–down about its horizontal (the axes the drag started with), as the Shift+arrow keys do a step at a time.
import type { DragTool } from './gesture';
import type { SliceToolContext } from './sliceTools';

/** Degrees the plane turns for one pixel of drag: a 180 px drag turns it 90°. */
export const DEGREES_PER_PIXEL = 0.5;

export const rotateSliceTool: DragTool<SliceToolContext> = {
  id: 'rotateSlice',
  begin({ frame, tilt }, start) {
    let last = start;
    return {
      move(at) {
        if (at.x !== last.x) tilt(frame.up, (at.x - last.x) * DEGREES_PER_PIXEL);
        if (at.y !== last.y) tilt(frame.right, (at.y - last.y) * DEGREES_PER_PIXEL);
        last = at;
      },
    };
  },
};
