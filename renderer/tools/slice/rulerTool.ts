// Ruler: press at one end, drag to the other; a click without a drag draws nothing.
import { useMeasurements } from '../../state/measurements';
import type { DragTool } from './gesture';
import { placeOf, worldAt } from './measurePoint';
import type { SliceToolContext } from './sliceTools';

export const rulerTool: DragTool<SliceToolContext> = {
  id: 'ruler',
  begin(context, at) {
    const start = worldAt(context, at);
    const store = useMeasurements.getState();
    const id = store.add('ruler', placeOf(context), [start, start]);
    let moved = false;
    return {
      move(to) {
        moved = true;
        store.update(id, { points: [start, worldAt(context, to)] });
      },
      end: () => void (moved || store.remove(id)),
    };
  },
};
