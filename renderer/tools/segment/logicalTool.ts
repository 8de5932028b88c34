// Logical operations: the active segment combined with another one (union, intersect, subtract), inverted, copied or cleared.
import { needsActive, overwriteField, type SegmentTool } from './segmentTool';

type Logical = 'union' | 'intersect' | 'subtract' | 'invert' | 'copy' | 'clear';
const withOther = new Set(['union', 'intersect', 'subtract', 'copy']);

export const logicalTool: SegmentTool = {
  id: 'logical',
  label: 'Logical ops',
  icon: '∪',
  pointing: 'none',
  applies: true,
  defaults: { operation: 'union', other: 0, overwrite: 'all' },
  fields: [
    {
      key: 'operation',
      label: 'Operation',
      kind: 'choice',
      options: [['union', 'add other'], ['intersect', 'intersect with other'], ['subtract', 'subtract other'], ['invert', 'invert'], ['copy', 'copy other'], ['clear', 'clear']],
    },
    { key: 'other', label: 'Other segment', kind: 'segment' },
    overwriteField,
  ],
  operation(params, { active }) {
    const other = Number(params.other);
    if (active === undefined || (withOther.has(String(params.operation)) && !other)) return undefined;
    return { tool: 'logical', segment: active, operation: params.operation as Logical, ...(other ? { other } : {}), overwrite: params.overwrite as 'all' | 'empty' };
  },
  blocked: (params, context) =>
    needsActive(params, context) ?? (withOther.has(String(params.operation)) && !Number(params.other) ? 'Pick the other segment.' : undefined),
};
