// What the operation log records: table changes, tool operations and imports, each complete enough that
// replaying the log on the same volume rebuilds the labelmap bit for bit.
import type { LogEntry, Operation, SegmentInfo } from '../../common/segmentCalls.js';
import type { Edit } from './edit/edits.js';
import { targetOf } from './edit/edits.js';

export type Action =
  | { kind: 'add'; segment: SegmentInfo }
  | { kind: 'update'; value: number; changes: Partial<Pick<SegmentInfo, 'name' | 'color' | 'locked'>> }
  | { kind: 'delete'; value: number }
  | { kind: 'merge'; into: number; from: number[] }
  | { kind: 'edit'; edit: Operation }
  /** Labels from a file or a model: `blob` in the blob store, its values renamed by `mapping` to `segments`. */
  | { kind: 'import'; blob: string; mapping: [number, number][]; segments: SegmentInfo[]; provenance: Record<string, unknown> };

/** The voxel edit an action runs, if any. */
export function editOf(action: Action): Edit | undefined {
  switch (action.kind) {
    case 'delete':
      return { tool: 'delete', value: action.value };
    case 'merge':
      return { tool: 'merge', into: action.into, from: action.from };
    case 'edit':
      return action.edit;
    case 'import':
      return { tool: 'import', blob: action.blob, mapping: action.mapping };
    default:
      return undefined;
  }
}

export function actionName(action: Action): string {
  return action.kind === 'edit' ? action.edit.tool : action.kind;
}

export function actionSegment(action: Action): number | undefined {
  if (action.kind === 'edit') return targetOf(action.edit);
  if (action.kind === 'merge') return action.into;
  if (action.kind === 'add') return action.segment.value;
  if (action.kind === 'import') return undefined;
  return action.value;
}

export function logEntry(action: Action, index: number, time: string, region: LogEntry['region'] | null): LogEntry {
  const { kind, ...rest } = action;
  const params = (kind === 'edit' ? action.edit : rest) as Record<string, unknown>;
  const segment = actionSegment(action);
  return { index, action: actionName(action), params, ...(segment === undefined ? {} : { segment }), ...(region ? { region } : {}), time };
}
