// A view's full-resolution slice fetches: the slice last asked for, then its neighbours; stale fetches aborted.
import { expect, test } from 'vitest';
import { SliceFetches } from '../../renderer/views/slice/sliceFetches';

/** A fetcher whose answers the test gives by hand, recording what was asked and what was aborted. */
function handFetcher() {
  const asked: number[] = [];
  const aborted: number[] = [];
  const pending = new Map<number, (value: string) => void>();
  const fetchSlice = (index: number, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      asked.push(index);
      pending.set(index, resolve);
      signal.addEventListener('abort', () => {
        aborted.push(index);
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      });
    });
  const answer = async (index: number) => {
    pending.get(index)!(`slice ${index}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { asked, aborted, fetchSlice, answer };
}

test('the neighbours are fetched once the slice asked for arrived, and are ready for the next step', async () => {
  const hand = handFetcher();
  const fetches = new SliceFetches(hand.fetchSlice);
  const five = fetches.want(5, [6, 4]);
  expect(hand.asked).toEqual([5]);
  await hand.answer(5);
  expect(await five).toBe('slice 5');
  expect(hand.asked).toEqual([5, 6, 4]);
  await hand.answer(6);
  expect(fetches.ready(6)).toBe('slice 6');
  expect(await fetches.want(6, [7, 5])).toBe('slice 6');
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(hand.asked).toEqual([5, 6, 4, 7]); // 5 had arrived; 4 is still under way and stays
});

test('the neighbours wait until the page is idle (the other views have their slices), and only for the latest slice', async () => {
  const hand = handFetcher();
  let idle = () => undefined as void;
  const fetches = new SliceFetches(hand.fetchSlice, 4, () => new Promise<void>((resolve) => (idle = resolve)));
  const five = fetches.want(5, [6, 4]);
  await hand.answer(5);
  expect(await five).toBe('slice 5');
  expect(hand.asked).toEqual([5]);
  idle();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(hand.asked).toEqual([5, 6, 4]);
  const ten = fetches.want(10, [11, 9]);
  await hand.answer(10);
  await ten;
  void fetches.want(20, [21, 19]); // scrolled on before the page was idle: 10's neighbours are not fetched
  idle();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(hand.asked).toEqual([5, 6, 4, 10, 20]);
});

test('scrolling on aborts the fetches of slices no longer wanted; a fetch under way is shared', async () => {
  const hand = handFetcher();
  const fetches = new SliceFetches(hand.fetchSlice);
  const first = fetches.want(10, [11, 9]);
  void fetches.want(20, [21, 19]);
  await expect(first).rejects.toMatchObject({ name: 'AbortError' });
  expect(hand.aborted).toEqual([10]);
  void fetches.want(20, [21, 19]);
  expect(hand.asked).toEqual([10, 20]);
  fetches.abortAll();
  expect(hand.aborted).toEqual([10, 20]);
});

test('keeps a few arrived slices, dropping the least recently used', async () => {
  const hand = handFetcher();
  const fetches = new SliceFetches(hand.fetchSlice, 2);
  for (const index of [1, 2, 3, 4]) {
    void fetches.want(index, []);
    await hand.answer(index);
  }
  void fetches.want(5, []);
  expect([1, 2, 3, 4].map((index) => fetches.ready(index))).toEqual([undefined, undefined, 'slice 3', 'slice 4']);
});
