// The paint and erase tools' brush size as the keys (- and +) and Shift+wheel change it: the radius in mm times a
// factor, kept within the radius field's bounds.
import { useSegments } from '../../state/segments';
import { radiusField } from './strokeTools';
import { toolById } from './segmentTools';

/** True while the active segment tool draws strokes (paint, erase): Shift+wheel then sizes the brush. */
export const brushing = (): boolean => {
  const { tool } = useSegments.getState();
  return tool !== undefined && toolById(tool).pointing === 'stroke';
};

/** Scales the radius of the eraser when it is the tool, else of the brush; kept to 0.01 mm. */
export function resizeBrush(factor: number): void {
  const { tool, params, setParam } = useSegments.getState();
  const target = tool === 'eraser' ? 'eraser' : 'brush';
  const radius = Math.round(Number(params[target].radiusMm) * factor * 100) / 100;
  setParam(target, 'radiusMm', Math.min(radiusField.max, Math.max(radiusField.min, radius)));
}
