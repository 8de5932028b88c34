// Reader threads: a warmed ReaderThreads hands out its spare (decoders loaded, renamed for what it serves) and
// starts another; an unwarmed one starts a thread per take.
import { afterEach, describe, expect, it } from 'vitest';
import { ReaderThreads } from '../../electron/services/volume/readerThreads';

let readers: ReaderThreads;
afterEach(() => readers.close());

describe('ReaderThreads', () => {
  it('hands out its warm spare under the taker’s name and has another ready a second later', { timeout: 60_000 }, async () => {
    readers = new ReaderThreads();
    readers.warm();
    await readers.spareReady();
    const first = readers.take('The reader of a.h5');
    expect(first.name).toBe('The reader of a.h5');
    const started = performance.now();
    await first.request('warm', null); // h5wasm is already loaded in it: nothing left to do
    expect(performance.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await readers.spareReady();
    const second = readers.take('The reader of b.h5');
    expect(second).not.toBe(first);
    expect(second.alive).toBe(true);
    await Promise.all([first.close(), second.close()]);
  });

  it('without warm(), a take starts a fresh thread under its name', async () => {
    readers = new ReaderThreads();
    const thread = readers.take('The reader of c.h5');
    await thread.ready;
    expect(thread.name).toBe('The reader of c.h5');
    await thread.close();
  });
});
