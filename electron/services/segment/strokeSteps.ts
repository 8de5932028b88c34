// A brush stroke arrives in pieces while the user drags (renderer/tools/segmentPointer.ts); each piece lands at
// once, but the pieces of one stroke make one step: one log entry, one undo. The merged action replays to the same
// labelmap as its pieces: the sweep (edit/stroke.ts) fills between consecutive points, each piece starts at the
// last point of the one before, and painting or erasing the union of the pieces' masks is what the pieces did.
import type { Vec3 } from '../../common/contract.js';
import type { Action } from './actions.js';
import { MAX_STROKE_POINTS, type Operation, type Region } from '../../common/segmentCalls.js';
import type { History, Step } from './history.js';
import type { Frozen } from './labelmap.js';
import { unionBox } from './regions.js';

type StrokeEdit = Extract<Operation, { tool: 'paint' | 'erase' }>;

/** Everything but the points must match for a piece to continue a stroke. */
const sameParams = ['tool', 'stroke', 'segment', 'shape', 'axis', 'radiusMm', 'space', 'intensityRange', 'overwrite'] as const;

const strokeEdit = (action: Action | undefined): StrokeEdit | undefined =>
  action?.kind === 'edit' && (action.edit.tool === 'paint' || action.edit.tool === 'erase') && action.edit.stroke !== undefined ? action.edit : undefined;

const valueOf = (edit: StrokeEdit, key: (typeof sameParams)[number]): unknown => (edit as Record<string, unknown>)[key];

const samePoint = (a: Vec3 | undefined, b: Vec3 | undefined) => !!a && !!b && a.every((c, k) => c === b[k]);

/**
 * The last step when `action` is the next piece of its stroke: same stroke id, tool and parameters, starting at the
 * step's last point, and the two together within the points one operation may hold. Decided from the actions alone,
 * so replaying a log merges exactly where the first run did.
 */
export function strokeToContinue(last: Step | undefined, action: Action): Step | undefined {
  const [before, piece] = [strokeEdit(last?.action), strokeEdit(action)];
  if (!before || !piece) return undefined;
  if (!sameParams.every((key) => JSON.stringify(valueOf(before, key)) === JSON.stringify(valueOf(piece, key)))) return undefined;
  if (!samePoint(before.points.at(-1), piece.points[0]) || before.points.length + piece.points.length - 1 > MAX_STROKE_POINTS) return undefined;
  return last;
}

/**
 * Folds a landed piece into its stroke's step: the points (the joining point once), the box, and the bricks it
 * changed that the step did not hold yet (as they were before the piece, which is before the whole stroke). As any
 * new edit, it clears the redo stack.
 */
export function continueStroke(history: History, step: Step, piece: Action, changed: { box: Region | null; saved?: Map<number, Frozen> }): void {
  history.undone.length = 0;
  const [before, after] = [strokeEdit(step.action)!, strokeEdit(piece)!];
  step.action = { kind: 'edit', edit: { ...before, points: [...before.points, ...after.points.slice(1)] } };
  step.box = unionBox(step.box, changed.box);
  // A step whose bricks were dropped for the memory budget cannot be undone; its log entry still grows.
  if (!step.saved) return;
  for (const [brick, state] of changed.saved ?? []) if (!step.saved.has(brick)) step.saved.set(brick, state);
  history.trim();
}
