// Brush and eraser share one stroke: a disc in the slice's plane (or a sphere) of a radius in mm, swept along
// the points the drag passed through. Pure: the operation is built from parameters and the drawn points.
import type { Drawn, OperationInput, ParamField, ToolContext, ToolParams } from './segmentTool';

/** The brush's radius; the keys and Shift+wheel keep it within the same bounds as the field. */
export const radiusField = { key: 'radiusMm', label: 'Radius', kind: 'number', min: 0.1, max: 200, step: 0.5, unit: 'mm' } as const satisfies ParamField;

export const strokeFields: readonly ParamField[] = [
  radiusField,
  { key: 'sphere', label: '3-D sphere (not a disc on the slice)', kind: 'check' },
];

export const strokeDefaults: ToolParams = { radiusMm: 3, sphere: false };

/** The stroke part of paint/erase: shape, axis, radius, points (world) — undefined when nothing was drawn. */
export function strokeOf(params: ToolParams, drawn: Drawn | undefined) {
  if (!drawn || drawn.points.length === 0) return undefined;
  return {
    shape: params.sphere ? ('sphere' as const) : ('disc' as const),
    axis: drawn.axis as 0 | 1 | 2,
    radiusMm: Number(params.radiusMm),
    points: drawn.points,
    space: 'world' as const,
  };
}

export function paintOperation(params: ToolParams, { active }: ToolContext, drawn?: Drawn): OperationInput | undefined {
  const stroke = strokeOf(params, drawn);
  if (!stroke || active === undefined) return undefined;
  const range = params.withinRange ? (params.range as [number, number]) : undefined;
  return { tool: 'paint', segment: active, ...stroke, ...(range && { intensityRange: range }), overwrite: params.overwrite as 'all' | 'empty' };
}

export function eraseOperation(params: ToolParams, { active }: ToolContext, drawn?: Drawn): OperationInput | undefined {
  const stroke = strokeOf(params, drawn);
  if (!stroke) return undefined;
  return { tool: 'erase', ...(params.allSegments || active === undefined ? {} : { segment: active }), ...stroke };
}
