// Undo/redo: each applied step keeps the bytes its box held before (after, once undone), deflated, within
// a memory budget; steps beyond the budget stay in the log but can no longer be undone.
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import type { Region, SegmentInfo } from './calls.js';
import type { Labels } from './kernels/index.js';
import type { Action } from './actions.js';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

export interface Step {
  action: Action;
  time: string;
  tableBefore: SegmentInfo[];
  tableAfter: SegmentInfo[];
  box: Region | null;
  /** The box's voxels on the other side of this step (before it while applied, after it once undone). */
  other?: { bytes: Buffer; type: 'uint8' | 'uint16' };
  /** False once its bytes were dropped to stay within the budget. */
  undoable: boolean;
}

export async function pack(values: Labels): Promise<Step['other']> {
  return { bytes: await deflate(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)), type: values instanceof Uint16Array ? 'uint16' : 'uint8' };
}

/** The packed voxels, as the labelmap's own type. */
export async function unpack(other: NonNullable<Step['other']>, like: Labels): Promise<Labels> {
  const raw = await inflate(other.bytes);
  const values = other.type === 'uint16' ? new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2) : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  return like instanceof Uint16Array && values instanceof Uint8Array ? Uint16Array.from(values) : values;
}

export class History {
  readonly applied: Step[] = [];
  readonly undone: Step[] = [];

  constructor(private readonly budgetBytes = 512 << 20) {}

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

  /** Drops the oldest steps' bytes until the packed bytes fit the budget. */
  trim(): void {
    const steps = [...this.applied, ...this.undone];
    let total = steps.reduce((sum, step) => sum + (step.other?.bytes.byteLength ?? 0), 0);
    for (const step of this.applied) {
      if (total <= this.budgetBytes) break;
      if (!step.undoable) continue;
      total -= step.other?.bytes.byteLength ?? 0;
      step.other = undefined;
      step.undoable = false;
    }
    // Nothing before a step that cannot be undone can be undone either.
    const last = this.applied.findLastIndex((step) => !step.undoable);
    for (let i = 0; i < last; i++) {
      this.applied[i]!.other = undefined;
      this.applied[i]!.undoable = false;
    }
  }
}
