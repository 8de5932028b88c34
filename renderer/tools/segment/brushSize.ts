// The paint and erase tools' brush size as the keys (- and +) and Shift+wheel change it: the radius in mm times a
// factor, kept within the radius field's bounds.
import { useSegments } from '../../state/segments';
import { radiusField } from './strokeTools';
import type { SegmentToolId } from './segmentTool';
import { toolById, type ToolParams } from './segmentTools';

/** True while the active segment tool draws strokes (paint, erase): Shift+wheel then sizes the brush. */
export const brushing = (): boolean => {
  const { tool } = useSegments.getState();
  return tool !== undefined && toolById(tool).pointing === 'stroke';
};

/** The stroke tool whose brush the keys and the views size: the eraser when it is the tool, else the brush. */
const brushOf = (tool: SegmentToolId | undefined) => (tool === 'erase' ? 'erase' : 'paint');

/** The radius of the brush `tool` draws with, in mm. */
export const brushRadius = (params: ToolParams, tool: SegmentToolId | undefined): number => params[brushOf(tool)].radiusMm;

/** Scales the brush's radius; kept to 0.01 mm. */
export function resizeBrush(factor: number): void {
  const { tool, params, setParam } = useSegments.getState();
  const target = brushOf(tool);
  const radius = Math.round(brushRadius(params, tool) * factor * 100) / 100;
  setParam(target, 'radiusMm', Math.min(radiusField.max, Math.max(radiusField.min, radius)));
}
