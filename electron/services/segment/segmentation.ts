// One volume's segmentation: its labelmap (in bricks, see labelmap.ts), its segment table and its history.
// Every change goes through perform(), one at a time, so the log's order is the truth. An edit runs in a
// segment worker on the windows of the labelmap it needs (edit/windows.ts), never on the whole volume at once.
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { routes } from '../../common/routes.js';
import type { Geometry } from '../volume/geometry.js';
import { editOf, type Action, actionName } from './actions.js';
import type { ApplyResult, Region, SegmentInfo, SegmentationInfo } from '../../common/segmentCalls.js';
import { inVoxels, inWindow, needsImage, planEdit, segmentsNamed, targetOf, type Edit } from './edit/edits.js';
import { piecesOf, widened } from './edit/windows.js';
import { History, type Step } from './history.js';
import type { Labels, Scalars } from './kernels/index.js';
import { Labelmap, newLabels, type Frozen, type LabelType } from './labelmap.js';
import { mustFit, type SegmentMemory } from './memoryBudget.js';
import type { Running, SegmentPool } from './pool.js';
import { boxDims, boxVoxels, copyRows, intersectBox, shiftBox, unionBox, wholeBox } from './regions.js';
import { continueStroke, strokeToContinue } from './strokeSteps.js';
import { newSegment, segmentOf } from './table.js';
import type { EditResult } from './worker.js';

/** What a segmentation needs from the store around it. */
export interface SegmentationContext {
  pool: SegmentPool;
  memory: SegmentMemory;
  /** The volume's voxels in `window`. */
  image(window: Region): Promise<Scalars>;
  /** Imported labels by content address, cut to `window`. */
  blob(hash: string, window: Region): Labels;
  changed(info: SegmentationInfo, region: Region | null): void;
  progress(done: number, total: number, message: string): void;
}

export class Segmentation {
  labelmap: Labelmap;
  segments: SegmentInfo[] = [];
  revision = 0;
  readonly history: History;
  /** The edit under way: its worker task, and whether it was cancelled (between windows no task runs). */
  private editing?: { running?: Running<unknown>; cancelled: boolean };
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly volumeId: string,
    readonly name: string,
    readonly dims: Vec3,
    readonly geometry: Geometry,
    private readonly context: SegmentationContext,
  ) {
    this.labelmap = new Labelmap(dims, context.memory.labelBytes);
    this.history = new History(undefined, Math.min(context.memory.labelBytes, 128 << 20));
  }

  info(): SegmentationInfo {
    const { applied, undone } = this.history;
    const label = (step?: Step) => step && `${actionName(step.action)}${step.box || step.action.kind !== 'edit' ? '' : ' (no change)'}`;
    return {
      volumeId: this.volumeId,
      dims: this.dims,
      dtype: this.labelmap.type,
      segments: this.segments.map((s) => ({ ...s, color: [...s.color] })),
      revision: this.revision,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      ...(this.history.canUndo ? { undoLabel: label(applied.at(-1)) } : {}),
      ...(undone.length ? { redoLabel: label(undone.at(-1)) } : {}),
      labels: routes.segmentLabels.path({ volumeId: this.volumeId }),
    };
  }

  /** Runs `work` after every change queued before it, and before any queued after it (edits, and whole-labelmap reads such as exports). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  perform(action: Action): Promise<ApplyResult> {
    return this.exclusive(async () => {
      const tableBefore = this.copyTable();
      const segments = this.tableAfter(action);
      if (segments.some((s) => s.value > 255)) this.labelmap.widen();
      const edit = editOf(action);
      let changed: { box: Region | null; saved?: Map<number, Frozen> } = { box: null };
      if (edit) {
        for (const value of segmentsNamed(edit)) segmentOf(segments, value, this.name);
        const target = targetOf(edit);
        if (target !== undefined && segmentOf(segments, target, this.name).locked) {
          throw new VoxbenchError('SegmentLocked', `Segment "${segmentOf(segments, target, this.name).name}" is locked; unlock it to edit it.`);
        }
        changed = await this.edit(inVoxels(edit, this.geometry), action, segments);
      }
      this.segments = segments;
      const stroke = strokeToContinue(this.history.applied.at(-1), action);
      if (stroke) continueStroke(this.history, stroke, action, changed);
      else this.history.push({ action, time: new Date().toISOString(), tableBefore, tableAfter: this.copyTable(), ...changed, undoable: true });
      this.history.packOlder();
      return this.announce(changed.box);
    });
  }

  /** Runs the edit window by window and lands each window's changes; a failure (or cancel) puts every brick back. */
  private async edit(edit: Edit, action: Action, segments: SegmentInfo[]): Promise<{ box: Region | null; saved: Map<number, Frozen> }> {
    const { windowVoxels } = this.context.memory;
    const saved = new Map<number, Frozen>();
    let box: Region | null = null;
    /** Writes what the tool changed in `window`, as far as it lies in `core` (a piece's halo only informs its core). */
    const land = async (window: Region, result: EditResult, core = window) => {
      const within = result.box && intersectBox(shiftBox(result.box, window.min), core);
      if (within && result.after) {
        const changed = shiftBox(result.box!, window.min);
        const values = boxVoxels(within) === boxVoxels(changed) ? result.after : newLabels(this.labelmap.type, boxVoxels(within));
        if (values !== result.after) copyRows(result.after, changed, values, within, within);
        await this.labelmap.writeBox(within, values, saved);
        box = unionBox(box, within);
      }
      for (const value of result.added) segments.push(newSegment(segments, { value, name: `${segmentOf(segments, targetOf(edit)!, this.name).name} island ${value}` }));
    };
    const plan = planEdit(edit, { labelmap: this.labelmap, spacing: this.geometry.spacing, wholeFits: boxVoxels(wholeBox(this.dims)) <= windowVoxels });
    this.editing = { cancelled: false };
    try {
      if (plan.kind === 'pieces' && plan.box) {
        const pieces = piecesOf(plan.box, windowVoxels, plan.halo);
        // Each core lands once the next window is read: a halo must see the labels as they were before the edit.
        let landPrevious: () => Promise<void> = () => Promise.resolve();
        for (const [done, { core, window }] of pieces.entries()) {
          mustFit(this.context.memory, window, `${edit.tool} on ${this.name}`);
          this.context.progress(done, pieces.length, `${edit.tool}: part ${done + 1} of ${pieces.length}`);
          const labels = await this.labelmap.readBox(window, true);
          await landPrevious();
          const result = await this.inWorker(edit, action, window, segments, labels);
          landPrevious = () => land(window, result, core);
        }
        await landPrevious();
      } else if (plan.box) {
        for (let window: Region | null = plan.box, tries = 1; window; tries++) {
          mustFit(this.context.memory, window, `${edit.tool} on ${this.name}`);
          this.context.progress(0, 1, tries === 1 ? `Running ${edit.tool}` : `${edit.tool}: widening to ${boxDims(window).join('×')}`);
          const result = await this.inWorker(edit, action, window, segments, await this.labelmap.readBox(window, true));
          const wider: Region | null = plan.kind === 'grow' ? widened(window, result.reach ?? null, this.dims) : null;
          if (!wider) await land(window, result);
          window = wider;
        }
      }
    } catch (error) {
      this.labelmap.swap(saved);
      throw error;
    } finally {
      this.editing = undefined;
      this.context.progress(1, 1, `${edit.tool} finished`);
    }
    return { box, saved };
  }

  /** Runs the edit on `window`, whose voxels are `labels`. */
  private async inWorker(edit: Edit, action: Action, window: Region, segments: SegmentInfo[], labels: Labels): Promise<EditResult> {
    const image = needsImage(edit) ? await this.context.image(window) : undefined;
    const editing = this.editing!;
    if (editing.cancelled) throw new VoxbenchError('Cancelled', 'The segmentation operation was cancelled.');
    const running = this.context.pool.run({
      kind: 'edit',
      edit: inWindow(edit, window),
      labels,
      dims: boxDims(window),
      geometry: this.geometry,
      image,
      locked: segments.filter((s) => s.locked).map((s) => s.value),
      values: segments.map((s) => s.value),
      imported: action.kind === 'import' ? this.context.blob(action.blob, window) : undefined,
    });
    editing.running = running;
    return running.result.finally(() => (editing.running = undefined));
  }

  /** A saved session's labelmap (its bricks, or one whole array), table and log (its steps cannot be undone: their bytes were not saved). */
  async restore(labels: { type: LabelType; bricks: Frozen[] } | Labels | undefined, segments: SegmentInfo[], actions: Action[]): Promise<SegmentationInfo> {
    const type = labels === undefined ? 'uint8' : 'bricks' in labels ? labels.type : labels instanceof Uint16Array ? 'uint16' : 'uint8';
    this.labelmap = new Labelmap(this.dims, this.context.memory.labelBytes, type);
    if (labels && 'bricks' in labels) this.labelmap.load(labels.bricks);
    else if (labels) await this.labelmap.writeBox(wholeBox(this.dims), labels);
    this.segments = segments.map((s) => ({ ...s, color: [...s.color] }));
    this.history.applied.splice(0, Infinity, ...actions.map((action) => ({ action, time: '', tableBefore: [], tableAfter: [], box: null, undoable: false })));
    this.history.undone.length = 0;
    return this.announce(null).info;
  }

  /** A change the log does not keep (visibility is view state). */
  setVisible(value: number, visible: boolean): SegmentationInfo {
    segmentOf(this.segments, value, this.name).visible = visible;
    return this.announce(null).info;
  }

  cancel(): boolean {
    if (!this.editing) return false;
    this.editing.cancelled = true;
    this.editing.running?.cancel();
    return true;
  }

  undo(): Promise<ApplyResult> {
    return this.exclusive(async () => {
      const step = this.history.applied.at(-1);
      if (!step?.undoable) throw new VoxbenchError('NothingToUndo', `${this.name}: there is nothing to undo.`);
      this.swap(step, step.tableBefore);
      this.history.undone.push(this.history.applied.pop()!);
      return this.announce(step.box);
    });
  }

  redo(): Promise<ApplyResult> {
    return this.exclusive(async () => {
      const step = this.history.undone.pop();
      if (!step) throw new VoxbenchError('NothingToRedo', `${this.name}: there is nothing to redo.`);
      this.swap(step, step.tableAfter);
      this.history.applied.push(step);
      return this.announce(step.box);
    });
  }

  /** Puts the step's other bricks in place (keeping the current ones for the way back) and the table back. */
  private swap(step: Step, table: SegmentInfo[]): void {
    if (step.saved) step.saved = this.labelmap.swap(step.saved);
    this.history.packOlder();
    const visible = new Map(this.segments.map((s) => [s.value, s.visible]));
    this.segments = table.map((s) => ({ ...s, color: [...s.color], visible: visible.get(s.value) ?? s.visible }));
  }

  private announce(region: Region | null): ApplyResult {
    this.revision++;
    const info = this.info();
    this.context.changed(info, region);
    return { info, changed: region };
  }

  private copyTable(): SegmentInfo[] {
    return this.segments.map((s) => ({ ...s, color: [...s.color] }));
  }

  /** The table as the action leaves it (for delete and merge, the removed rows go now: their voxels go in the edit). */
  private tableAfter(action: Action): SegmentInfo[] {
    const table = this.copyTable();
    switch (action.kind) {
      case 'add':
        return [...table, newSegment(table, action.segment)];
      case 'update':
        Object.assign(segmentOf(table, action.value, this.name), action.changes);
        return table;
      case 'delete':
        segmentOf(table, action.value, this.name);
        return table.filter((s) => s.value !== action.value);
      case 'merge':
        segmentOf(table, action.into, this.name);
        action.from.forEach((value) => segmentOf(table, value, this.name));
        return table.filter((s) => !action.from.includes(s.value) || s.value === action.into);
      case 'import':
        return action.segments.reduce((rows, segment) => [...rows, newSegment(rows, segment)], table);
      case 'edit':
        return table;
    }
  }
}
