// How a tool's result lands in the labelmap: one segment's new voxels, respecting locked segments and the
// overwrite rule, so every tool edits the labelmap the same way.
import type { Labels, Mask } from '../kernels/index.js';

/** What an edit may touch: `locked` segments never change; 'empty' writes only into background. */
export interface WriteRules {
  locked: ReadonlySet<number>;
  overwrite: 'all' | 'empty';
}

/** Voxels of `value` as a mask. */
export function maskOf(labels: Labels, value: number): Mask {
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] === value) mask[i] = 1;
  return mask;
}

/** May a voxel now labelled `current` become `value`? */
const writable = (current: number, value: number, rules: WriteRules) =>
  current === value || current === 0 || (rules.overwrite === 'all' && !rules.locked.has(current));

/** Segment `value` becomes `mask` (as far as the rules allow); its voxels outside `mask` turn to background. */
export function replaceSegment(labels: Labels, value: number, mask: Mask, rules: WriteRules): void {
  for (let i = 0; i < labels.length; i++) {
    const current = labels[i]!;
    if (mask[i]) {
      if (current !== value && writable(current, value, rules)) labels[i] = value;
    } else if (current === value) labels[i] = 0;
  }
}

/** Adds `mask` to segment `value` (as far as the rules allow). */
export function addToSegment(labels: Labels, value: number, mask: Mask, rules: WriteRules): void {
  for (let i = 0; i < labels.length; i++) if (mask[i] && labels[i] !== value && writable(labels[i]!, value, rules)) labels[i] = value;
}

/** Clears `mask`'s voxels of segment `value`, or of every unlocked segment when `value` is undefined. */
export function clearSegment(labels: Labels, value: number | undefined, mask: Mask, locked: ReadonlySet<number>): void {
  for (let i = 0; i < labels.length; i++) {
    if (!mask[i]) continue;
    const current = labels[i]!;
    if (value === undefined ? current !== 0 && !locked.has(current) : current === value) labels[i] = 0;
  }
}
