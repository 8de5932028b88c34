// Undo/redo: each applied step keeps the labelmap bricks it changed as they were before (as they were after,
// once undone), within a memory budget; steps beyond the budget stay in the log but can no longer be undone.
// The newest steps keep those bricks as the arrays themselves (no copy, no work while editing); older ones deflated.
import type { Region, SegmentInfo } from '../../common/segmentCalls.js';
import type { Action } from './actions.js';
import { packKept, type Frozen } from './labelmap.js';

export interface Step {
  action: Action;
  time: string;
  tableBefore: SegmentInfo[];
  tableAfter: SegmentInfo[];
  /** The box of voxels the step changed. */
  box: Region | null;
  /** The bricks it changed, as they are on the other side of this step (before it while applied, after it once undone). */
  saved?: Map<number, Frozen>;
  /** False once its bricks were dropped to stay within the budget. */
  undoable: boolean;
}

const rawBytesOf = (step: Step) => [...(step.saved?.values() ?? [])].reduce<number>((sum, brick) => sum + (typeof brick === 'object' && 'voxels' in brick ? brick.voxels.byteLength : 0), 0);

const bytesOf = (step: Step) => [...(step.saved?.values() ?? [])].reduce<number>((sum, brick) => sum + (typeof brick === 'number' ? 0 : 'bytes' in brick ? brick.bytes.byteLength : brick.voxels.byteLength), 0);

export class History {
  readonly applied: Step[] = [];
  readonly undone: Step[] = [];

  constructor(
    private readonly budgetBytes = 512 << 20,
    /** Bytes of undeflated bricks the newest steps may keep; a quarter of the budget. */
    private readonly rawBytes = budgetBytes / 4,
  ) {}

  push(step: Step): void {
    this.applied.push(step);
    this.undone.length = 0;
    this.trim();
  }

  get canUndo(): boolean {
    return this.applied.at(-1)?.undoable ?? false;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Deflates (in the background) the bricks of the steps beyond the newest `rawBytes` of undeflated ones, so an edit right after another never shares the cores with zlib. */
  packOlder(): void {
    let raw = 0;
    for (const step of [...this.applied].reverse().concat([...this.undone].reverse())) {
      const bytes = rawBytesOf(step);
      raw += bytes;
      if (bytes > 0 && raw > this.rawBytes) void packKept(step.saved);
    }
  }

  /** Drops the oldest steps' bricks until the kept bricks fit the budget. */
  trim(): void {
    let total = [...this.applied, ...this.undone].reduce((sum, step) => sum + bytesOf(step), 0);
    for (const step of this.applied) {
      if (total <= this.budgetBytes) break;
      if (!step.undoable) continue;
      total -= bytesOf(step);
      step.saved = undefined;
      step.undoable = false;
    }
    // Nothing before a step that cannot be undone can be undone either.
    const last = this.applied.findLastIndex((step) => !step.undoable);
    for (let i = 0; i < last; i++) {
      this.applied[i]!.saved = undefined;
      this.applied[i]!.undoable = false;
    }
  }
}
