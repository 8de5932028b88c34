import { describe, expect, it } from 'vitest';
import { ChunkLanes, SCROLL_QUIET_MS } from '../../electron/services/volume/chunkLanes';

/** A task that records when it starts and ends when `finish(name)` is called. */
function recorder() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const task = (name: string) => () => {
    started.push(name);
    return new Promise<string>((resolve) => finishers.set(name, () => resolve(name)));
  };
  const finish = async (name: string) => {
    finishers.get(name)!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, task, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ChunkLanes', () => {
  it('runs slices’ chunks first asked first served, a lane at a time', async () => {
    const lanes = new ChunkLanes(2, 1);
    const { started, task, finish } = recorder();
    for (const name of ['a1', 'a2', 'b1']) void lanes.run('now', task(name));
    await settle();
    expect(started).toEqual(['a1', 'a2']);
    await finish('a2');
    expect(started).toEqual(['a1', 'a2', 'b1']);
  });

  it('reads ahead only when no slice waits, on at most its own lanes', async () => {
    const lanes = new ChunkLanes(3, 1);
    const { started, task, finish } = recorder();
    void lanes.run('ahead', task('x1'));
    void lanes.run('ahead', task('x2'));
    await settle();
    expect(started).toEqual(['x1']); // one lane for reading ahead, two kept free
    for (const name of ['a1', 'a2', 'a3']) void lanes.run('now', task(name));
    await settle();
    expect(started).toEqual(['x1', 'a1', 'a2']);
    await finish('x1');
    expect(started).toEqual(['x1', 'a1', 'a2', 'a3']); // the slice's chunk before the next read ahead
    await finish('a1');
    expect(started.at(-1)).toBe('x2');
  });

  it('moves a chunk waiting to be read ahead into the slices’ queue when a slice needs it', async () => {
    const lanes = new ChunkLanes(1, 1);
    const { started, task, finish } = recorder();
    void lanes.run('now', task('a'));
    void lanes.run('ahead', task('x'));
    const needed = lanes.run('ahead', task('y'));
    void lanes.run('now', task('b'));
    needed.hurry();
    await settle();
    await finish('a');
    expect(started).toEqual(['a', 'b']);
    await finish('b');
    expect(started).toEqual(['a', 'b', 'y']);
    await finish('y');
    expect(await needed.done).toBe('y');
    expect(started).toEqual(['a', 'b', 'y', 'x']);
  });

  it('starts no read-ahead while a slice is read (its chunks decoded already: a copy), one lane for a moment after, then all of its lanes', async () => {
    const lanes = new ChunkLanes(8, 3);
    const { started, task } = recorder();
    let copied = () => undefined as void;
    const slice = lanes.slice(() => new Promise<void>((resolve) => (copied = resolve)));
    for (const name of ['x1', 'x2', 'x3']) void lanes.run('ahead', task(name));
    await settle();
    expect(started).toEqual([]);
    copied();
    await slice;
    await settle();
    expect(started).toEqual(['x1']); // the user may ask for the next slice at once
    await new Promise((resolve) => setTimeout(resolve, SCROLL_QUIET_MS + 50));
    expect(started).toEqual(['x1', 'x2', 'x3']);
  });

  it('drops a read-ahead task still waiting (the user has moved on); one already running goes on', async () => {
    const lanes = new ChunkLanes(1, 1);
    const { started, task, finish } = recorder();
    const running = lanes.run('ahead', task('x'));
    const stale = lanes.run('ahead', task('y'));
    await settle();
    running.drop();
    stale.drop();
    await expect(stale.done).rejects.toMatchObject({ kind: 'Cancelled' });
    await finish('x');
    expect(await running.done).toBe('x');
    expect(started).toEqual(['x']);
  });
});
