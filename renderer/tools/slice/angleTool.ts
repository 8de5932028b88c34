// Angle, as a small state machine: the first drag draws one arm (end → vertex), the angle then waits as a
// draft; the next press in the same view places the other arm's end, and a drag moves it until release.
import { useMeasurements } from '../../state/measurements';
import type { DragTool } from './gesture';
import { placeOf, worldAt } from './measurePoint';
import type { SliceToolContext } from './sliceTools';

export const angleTool: DragTool<SliceToolContext> = {
  id: 'angle',
  begin(context, at) {
    const store = useMeasurements.getState();
    const point = worldAt(context, at);
    const draft = store.items.find((item) => item.id === store.draft && item.orientation === context.orientation);
    if (draft) {
      const [end, vertex] = draft.points as [typeof point, typeof point];
      store.update(draft.id, { points: [end, vertex, point] });
      store.setDraft(undefined);
      return { move: (to) => store.update(draft.id, { points: [end, vertex, worldAt(context, to)] }) };
    }
    const id = store.add('angle', placeOf(context), [point, point]);
    let moved = false;
    return {
      move(to) {
        moved = true;
        store.update(id, { points: [point, worldAt(context, to)] });
      },
      end: () => (moved ? store.setDraft(id) : store.remove(id)),
    };
  },
};
