// Undo keeps the bricks each step changed, deflated, within a budget: past it, the oldest steps stay in the
// log but can no longer be undone.
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { History, type Step } from '../../electron/services/segment/history';

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
