// Every edit the operation log can hold: the tools' operations plus the table changes that move voxels
// (delete, merge) and imported labelmaps. Pure: the same labels, image and edit give the same result.
import type { Operation } from '../calls.js';

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

/** A short label for menus ("paint 3", "threshold 1"). */
export function describeEdit(edit: Edit): string {
  const target = targetOf(edit);
  return target === undefined ? edit.tool : `${edit.tool} ${target}`;
}
