// Undo keeps the bricks each step changed within a budget (the newest as they were, older ones deflated): past
// it, the oldest steps stay in the log but can no longer be undone.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { History, type Step } from '../../electron/services/segment/history';
import type { Frozen } from '../../electron/services/segment/labelmap';

const step = (): Step => ({
  action: { kind: 'delete', value: 1 },
  time: '',
  tableBefore: [],
  tableAfter: [],
  box: { min: [0, 0, 0], max: [100, 100, 10] },
  // Noise does not deflate, so each step costs about its 100 kB.
  saved: new Map([[0, { bytes: deflateRawSync(randomBytes(100_000)), type: 'uint8', values: [1] }]]),
  undoable: true,
});

test('steps past the budget lose their bricks, oldest first', () => {
  const history = new History(350_000);
  for (let n = 0; n < 5; n++) history.push(step());
  expect(history.applied.map((s) => s.undoable)).toEqual([false, false, true, true, true]);
  expect(history.applied.map((s) => s.saved === undefined)).toEqual([true, true, false, false, false]);
  expect(history.canUndo).toBe(true);
});

test('the newest steps keep their bricks undeflated, older ones are deflated in the background', async () => {
  const history = new History(1 << 20, 250_000);
  const voxels = [0, 1, 2, 3].map(() => new Uint8Array(100_000).map((_, i) => (i % 7 === 0 ? 1 : 0)));
  for (const brick of voxels) {
    history.push({ ...step(), saved: new Map<number, Frozen>([[0, { voxels: brick, values: [1] }]]) });
    history.packOlder();
  }
  const state = (s: Step) => s.saved!.get(0)!;
  for (let wait = 0; wait < 100 && history.applied.slice(0, 2).some((s) => 'voxels' in (state(s) as object)); wait++) await sleep(10);
  // 250 kB holds the two newest steps' 100 kB each; the third would pass it.
  expect(history.applied.map((s) => ('voxels' in (state(s) as object) ? 'kept' : 'deflated'))).toEqual(['deflated', 'deflated', 'kept', 'kept']);
  history.applied.slice(0, 2).forEach((s, n) => expect(new Uint8Array(inflateRawSync((state(s) as { bytes: Buffer }).bytes))).toEqual(voxels[n]));
});
