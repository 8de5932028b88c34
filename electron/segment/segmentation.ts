// One volume's segmentation: its labelmap (shared memory, so workers read it without copies), its segment
// table and its history. Every change goes through perform(), one at a time, so the log's order is the truth.
import type { Vec3 } from '../contract.js';
import { VoxbenchError } from '../errors.js';
import type { Geometry } from '../volume/geometry.js';
import { editOf, type Action, actionName } from './actions.js';
import type { ApplyResult, Region, SegmentInfo, SegmentationInfo } from './calls.js';
import { needsImage, segmentsNamed, targetOf } from './edit/edits.js';
import { History, pack, unpack, type Step } from './history.js';
import type { Labels, Scalars } from './kernels/index.js';
import type { Running, WorkerPool } from './pool.js';
import { readBox, writeBox } from './regions.js';
import { newSegment, segmentOf } from './table.js';

/** What a segmentation needs from the store around it. */
export interface SegmentationContext {
  pool: WorkerPool;
  image(): Promise<Scalars>;
  blob(hash: string): Labels;
  changed(info: SegmentationInfo, region: Region | null): void;
}

export function sharedLabels(type: 'uint8' | 'uint16', length: number): Labels {
  return type === 'uint16' ? new Uint16Array(new SharedArrayBuffer(length * 2)) : new Uint8Array(new SharedArrayBuffer(length));
}

export class Segmentation {
  labels: Labels;
  segments: SegmentInfo[] = [];
  revision = 0;
  readonly history = new History();
  private running?: Running<unknown>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly volumeId: string,
    readonly name: string,
    readonly dims: Vec3,
    readonly geometry: Geometry,
    private readonly context: SegmentationContext,
  ) {
    this.labels = sharedLabels('uint8', dims[0] * dims[1] * dims[2]);
  }

  info(): SegmentationInfo {
    const { applied, undone } = this.history;
    const label = (step?: Step) => step && `${actionName(step.action)}${step.box || step.action.kind !== 'edit' ? '' : ' (no change)'}`;
    return {
      volumeId: this.volumeId,
      dims: this.dims,
      dtype: this.labels instanceof Uint16Array ? 'uint16' : 'uint8',
      segments: this.segments.map((s) => ({ ...s, color: [...s.color] })),
      revision: this.revision,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      ...(this.history.canUndo ? { undoLabel: label(applied.at(-1)) } : {}),
      ...(undone.length ? { redoLabel: label(undone.at(-1)) } : {}),
      labels: `segment/${this.volumeId}/labels`,
    };
  }

  /** Runs `work` after every change queued before it. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  perform(action: Action): Promise<ApplyResult> {
    return this.serial(async () => {
      const tableBefore = this.copyTable();
      const segments = this.tableAfter(action);
      this.widenFor(segments);
      const edit = editOf(action);
      let box: Region | null = null;
      let other: Step['other'];
      if (edit) {
        for (const value of segmentsNamed(edit)) segmentOf(segments, value, this.name);
        const target = targetOf(edit);
        if (target !== undefined && segmentOf(segments, target, this.name).locked) {
          throw new VoxbenchError('SegmentLocked', `Segment "${segmentOf(segments, target, this.name).name}" is locked; unlock it to edit it.`);
        }
        const image = needsImage(edit) ? await this.context.image() : undefined;
        this.running = this.context.pool.run({
          kind: 'edit',
          edit,
          labels: this.labels,
          dims: this.dims,
          geometry: this.geometry,
          image,
          locked: segments.filter((s) => s.locked).map((s) => s.value),
          values: segments.map((s) => s.value),
          imported: action.kind === 'import' ? this.context.blob(action.blob) : undefined,
        });
        const result = (await this.running.result.finally(() => (this.running = undefined))) as { box: Region | null; after?: Labels; added: number[] };
        box = result.box;
        if (box && result.after) {
          other = await pack(readBox(this.labels, this.dims, box));
          writeBox(this.labels, this.dims, box, result.after);
        }
        for (const value of result.added) segments.push(newSegment(segments, { value, name: `${segmentOf(segments, targetOf(edit)!, this.name).name} island ${value}` }));
      }
      this.segments = segments;
      this.history.push({ action, time: new Date().toISOString(), tableBefore, tableAfter: this.copyTable(), box, other, undoable: true });
      return this.announce(box);
    });
  }

  /** A saved session's labelmap, table and log (its steps cannot be undone: their bytes were not saved). */
  restore(labels: Labels | undefined, segments: SegmentInfo[], actions: Action[]): SegmentationInfo {
    this.labels = sharedLabels(labels instanceof Uint16Array ? 'uint16' : 'uint8', this.labels.length);
    if (labels) this.labels.set(labels);
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
    if (!this.running) return false;
    this.running.cancel();
    return true;
  }

  undo(): Promise<ApplyResult> {
    return this.serial(async () => {
      const step = this.history.applied.at(-1);
      if (!step?.undoable) throw new VoxbenchError('NothingToUndo', `${this.name}: there is nothing to undo.`);
      await this.swap(step, step.tableBefore);
      this.history.undone.push(this.history.applied.pop()!);
      return this.announce(step.box);
    });
  }

  redo(): Promise<ApplyResult> {
    return this.serial(async () => {
      const step = this.history.undone.pop();
      if (!step) throw new VoxbenchError('NothingToRedo', `${this.name}: there is nothing to redo.`);
      await this.swap(step, step.tableAfter);
      this.history.applied.push(step);
      return this.announce(step.box);
    });
  }

  /** Puts the step's other bytes into its box (keeping the current ones in their place) and the table back. */
  private async swap(step: Step, table: SegmentInfo[]): Promise<void> {
    if (step.box && step.other) {
      const current = await pack(readBox(this.labels, this.dims, step.box));
      writeBox(this.labels, this.dims, step.box, await unpack(step.other, this.labels));
      step.other = current;
    }
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

  /** A label value over 255 needs 16 bits: the labelmap widens once and stays wide. */
  private widenFor(segments: SegmentInfo[]): void {
    if (this.labels instanceof Uint16Array || !segments.some((s) => s.value > 255)) return;
    const wide = sharedLabels('uint16', this.labels.length);
    wide.set(this.labels);
    this.labels = wide;
  }
}
