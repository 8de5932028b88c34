// Right-drag in a slice view: window left–right, level up–down, measured from where the drag started.
import { dragWindowLevel } from '../../display/windowLevel';
import type { DragTool } from './gesture';
import type { SliceToolContext } from './sliceTools';

export const windowLevelTool: DragTool<SliceToolContext> = {
  id: 'windowLevel',
  begin({ windowLevel, volume, size, setWindowLevel }, start) {
    return { move: ({ x, y }) => setWindowLevel(dragWindowLevel(windowLevel, volume.range, size, [x - start.x, y - start.y])) };
  },
};
