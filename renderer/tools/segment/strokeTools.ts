// Paint and erase share one stroke: a disc in the slice's plane (or a sphere) of a radius in mm, swept along
// the points the drag passed through. Pure: the operation is built from parameters and the drawn points.
import type { Drawn, ParamField, ParamsFrom } from './segmentTool';

/** What the stroke's panel holds: the radius, and a sphere instead of a disc. */
export type StrokeParams = ParamsFrom<'paint', 'radiusMm'> & { sphere: boolean };

/** The brush's radius; the keys and Shift+wheel keep it within the same bounds as the field. */
export const radiusField = { key: 'radiusMm', label: 'Radius', kind: 'number', min: 0.1, max: 200, step: 0.5, unit: 'mm' } as const satisfies ParamField<StrokeParams>;

export const strokeFields: readonly ParamField<StrokeParams>[] = [radiusField, { key: 'sphere', label: '3-D sphere (not a disc on the slice)', kind: 'check' }];

export const strokeDefaults: StrokeParams = { radiusMm: 3, sphere: false };

/** The stroke part of paint/erase: shape, axis, radius, points (world) — undefined when nothing was drawn. */
export function strokeOf(params: StrokeParams, drawn: Drawn | undefined) {
  if (!drawn || drawn.points.length === 0) return undefined;
  return {
    shape: params.sphere ? ('sphere' as const) : ('disc' as const),
    axis: drawn.axis,
    radiusMm: params.radiusMm,
    points: drawn.points,
    space: 'world' as const,
    ...(drawn.stroke === undefined ? {} : { stroke: drawn.stroke }),
  };
}
