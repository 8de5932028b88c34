// Undo keeps the before-bytes of each step deflated within a budget: past it, the oldest steps stay in the
// log but can no longer be undone.
import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { History, pack, unpack, type Step } from '../../electron/segment/history';

const noise = Array.from({ length: 5 }, () => new Uint8Array(randomBytes(100_000)));

const step = async (n: number): Promise<Step> => ({
  action: { kind: 'delete', value: 1 },
  time: '',
  tableBefore: [],
  tableAfter: [],
  box: { min: [0, 0, 0], max: [100, 100, 10] },
  // Noise does not deflate, so each step costs about its 100 kB.
  other: await pack(noise[n]!),
  undoable: true,
});

test('steps past the budget lose their bytes, oldest first; packed bytes come back equal', async () => {
  const history = new History(350_000);
  const steps = [];
  for (let n = 0; n < 5; n++) {
    steps.push(await step(n));
    history.push(steps.at(-1)!);
  }
  expect(history.applied.map((s) => s.undoable)).toEqual([false, false, true, true, true]);
  expect(history.canUndo).toBe(true);
  expect(await unpack(steps[4]!.other!, new Uint8Array(0))).toEqual(noise[4]);
  const wide = await unpack(steps[4]!.other!, new Uint16Array(0));
  expect(wide).toEqual(Uint16Array.from(noise[4]!));
});
