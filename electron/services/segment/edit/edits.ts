// Every edit the operation log can hold: the tools' operations plus the table changes that move voxels
// (delete, merge) and imported labelmaps. Pure: the same labels, image and edit give the same result.
import type { Operation } from '../../../common/segmentCalls.js';

export type Edit =
  | Operation
  | { tool: 'delete'; value: number }
  | { tool: 'merge'; into: number; from: number[] }
  /** `blob` names the imported labels in the blob store; `mapping` renames their values ([from, to]). */
  | { tool: 'import'; blob: string; mapping: [number, number][] };

/** Does this edit read the image's intensities? (Only then is the volume loaded for it.) */
export function needsImage(edit: Edit): boolean {
  switch (edit.tool) {
    case 'threshold':
    case 'grow':
    case 'growFromSeeds':
      return true;
    case 'paint':
    case 'erase':
      return edit.intensityRange !== undefined;
    default:
      return false;
  }
}

/** The segment an edit writes, when it writes one. */
export function targetOf(edit: Edit): number | undefined {
  if ('segment' in edit) return edit.segment;
  if (edit.tool === 'merge') return edit.into;
  return undefined;
}

/** Every segment a tool names (its target, the other operand, the seed segments): each must exist. */
export function segmentsNamed(edit: Edit): number[] {
  const named = [targetOf(edit), 'other' in edit ? edit.other : undefined, ...(edit.tool === 'growFromSeeds' ? edit.segments : [])];
  return named.filter((value): value is number => value !== undefined);
}
