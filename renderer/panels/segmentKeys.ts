// The Segment Editor's keys (registered in shortcuts.ts): choose tools, undo/redo, brush size, active segment, outline.
import { useSegments } from '../state/segments';
import { resizeBrush } from '../tools/segment/brushSize';
import { segmentTools } from '../tools/segment/segmentTools';
import { useShortcut } from '../keys/useShortcut';

/** Brush radius steps by this factor per key press. */
const BRUSH_STEP = 1.25;

function stepSegment(step: number): void {
  const { info, active, setActive } = useSegments.getState();
  const segments = info?.segments ?? [];
  if (!segments.length) return;
  const at = segments.findIndex((segment) => segment.value === active);
  setActive(segments[(at + step + segments.length) % segments.length]!.value);
}

export function useSegmentKeys(): void {
  const state = useSegments;
  for (const tool of segmentTools) {
    // The registry is a constant list, so the hooks run in the same order on every render.
    if (tool.key) useShortcut(tool.key, () => state.getState().setTool(state.getState().tool === tool.id ? undefined : tool.id));
  }
  useShortcut('undoEdit', () => void state.getState().undo());
  useShortcut('redoEdit', () => void state.getState().redo());
  useShortcut('brushSmaller', () => resizeBrush(1 / BRUSH_STEP));
  useShortcut('brushLarger', () => resizeBrush(BRUSH_STEP));
  useShortcut('previousSegment', () => stepSegment(-1));
  useShortcut('nextSegment', () => stepSegment(1));
  useShortcut('toggleOutline', () => state.getState().setLook({ outline: !state.getState().outline }));
}
