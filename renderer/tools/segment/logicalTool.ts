// Logical operations: the active segment combined with another one (union, intersect, subtract), inverted, copied or cleared.
import { needsActive, overwriteField, type ParamsFrom, type SegmentTool } from './segmentTool';

type Params = ParamsFrom<'logical', 'operation' | 'other' | 'overwrite'>;

/** The operations that need the other segment (0 in `other`: none chosen). */
const withOther = new Set<Params['operation']>(['union', 'intersect', 'subtract', 'copy']);
const otherMissing = ({ operation, other }: Params) => withOther.has(operation) && !other;

export const logicalTool: SegmentTool<'logical', Params> = {
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
    if (active === undefined || otherMissing(params)) return undefined;
    const { operation, other, overwrite } = params;
    return { tool: 'logical', segment: active, operation, ...(other ? { other } : {}), overwrite };
  },
  blocked: (params, context) => needsActive(params, context) ?? (otherMissing(params) ? 'Pick the other segment.' : undefined),
};
