// A stroke sent in pieces while dragging: one piece in flight at a time, each starting at the last point of the
// one before, the rest at once on mouse-up, and a failed piece stops the stroke.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { PIECE_MS, StrokePieces } from '../../renderer/tools/segment/strokePieces';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Pieces sent, and a way to answer the one in flight. */
function recorder(answers: boolean[] = []) {
  const sent: number[][] = [];
  const pending: ((ok: boolean) => void)[] = [];
  let finished = 0;
  const pieces = new StrokePieces<number>(
    (points) => {
      sent.push(points);
      return new Promise((resolve) => pending.push(resolve));
    },
    () => finished++,
    () => Date.now(),
  );
  const answer = async () => {
    pending.shift()!(answers.shift() ?? true);
    await vi.advanceTimersByTimeAsync(0);
  };
  return { sent, pending, pieces, answer, finished: () => finished };
}

test('the first point goes at once; points gathered while a piece is in flight follow it, joined at its last point', async () => {
  const { sent, pending, pieces, answer, finished } = recorder();
  pieces.add(0);
  expect(sent).toEqual([[0]]);
  for (const point of [1, 2, 3]) pieces.add(point);
  expect(pending).toHaveLength(1); // never two in flight
  await vi.advanceTimersByTimeAsync(PIECE_MS);
  await answer();
  expect(sent).toEqual([[0], [0, 1, 2, 3]]);
  await answer();
  // Moves within the interval wait for it, then leave together.
  pieces.add(4);
  pieces.add(5);
  expect(sent).toHaveLength(2);
  await vi.advanceTimersByTimeAsync(PIECE_MS);
  expect(sent.at(-1)).toEqual([3, 4, 5]);
  pieces.add(6);
  pieces.end();
  expect(finished()).toBe(0);
  await answer();
  expect(sent.at(-1)).toEqual([5, 6]); // mouse-up: the rest goes without waiting for the interval
  await answer();
  expect(finished()).toBe(1);
  expect(sent.flatMap((piece, i) => (i === 0 ? piece : piece.slice(1)))).toEqual([0, 1, 2, 3, 4, 5, 6]);
});

test('a click is one piece of one point; a failed piece stops the stroke', async () => {
  const click = recorder();
  click.pieces.add(7);
  click.pieces.end();
  await click.answer();
  expect([click.sent, click.finished()]).toEqual([[[7]], 1]);

  const failing = recorder([false]);
  failing.pieces.add(0);
  failing.pieces.add(1);
  await failing.answer();
  await vi.advanceTimersByTimeAsync(PIECE_MS);
  failing.pieces.add(2);
  failing.pieces.end();
  expect([failing.sent, failing.finished()]).toEqual([[[0]], 1]);
});
