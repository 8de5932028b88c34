// Every edit the operation log can hold: the tools' operations plus the table changes that move voxels
// (delete, merge) and imported labelmaps. Each kind's module (tools/segmentTools.ts) says what it reads, where
// it works and how it runs; these are the lookups the segmentation and the worker use. Pure: the same labels,
// image and edit give the same result.
import type { Operation, Region } from '../../../common/segmentCalls.js';
import type { Geometry } from '../../volume/geometry.js';
import { toolOf } from '../tools/segmentTools.js';
import type { EditOutcome, PlanContext, ToolInput } from '../tools/toolModule.js';
import type { Plan } from './windows.js';

export type Edit =
  | Operation
  | { tool: 'delete'; value: number }
  | { tool: 'merge'; into: number; from: number[] }
  /** `blob` names the imported labels in the blob store; `mapping` renames their values ([from, to]). */
  | { tool: 'import'; blob: string; mapping: [number, number][] };

/** Does this edit read the image's intensities? (Only then is the volume loaded for it.) */
export const needsImage = (edit: Edit): boolean => toolOf(edit).needsImage(edit);

/** The edit with its positions as voxel positions (windows are boxes of voxels). */
export const inVoxels = <E extends Edit>(edit: E, geometry: Geometry): E => toolOf(edit).inVoxels?.(edit, geometry) ?? edit;

/** The windows an edit (in voxel space) needs on the labelmap. */
export const planEdit = (edit: Edit, context: PlanContext): Plan => toolOf(edit).plan(edit, context);

/** The edit as it reads inside `window`: its voxel positions counted from the window's corner. */
export const inWindow = <E extends Edit>(edit: E, window: Region): E => toolOf(edit).inWindow(edit, window);

/** Applies one edit (in the window's voxels) to the window's labels in place; runs inside a segment worker (worker.ts). */
export const runEdit = (edit: Edit, input: Omit<ToolInput, 'locked'> & { locked: number[] }): EditOutcome => toolOf(edit).run(edit, { ...input, locked: new Set(input.locked) });

/** The segment an edit writes, when it writes one. */
export function targetOf(edit: Edit): number | undefined {
  const target = toolOf(edit).target;
  if (target) return target(edit);
  return 'segment' in edit ? edit.segment : undefined;
}

/** Every segment a tool names (its target, the other operand, the seed segments): each must exist. */
export function segmentsNamed(edit: Edit): number[] {
  const named = [targetOf(edit), 'other' in edit ? edit.other : undefined, ...(toolOf(edit).alsoNamed?.(edit) ?? [])];
  return named.filter((value): value is number => value !== undefined);
}
