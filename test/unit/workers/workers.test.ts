// The worker layer (electron/workers): requests with progress, one crash error for every waiting request,
// cancel by message and by terminate, and a pool that reuses its threads and stops them on close.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { VoxbenchError } from '../../../electron/common/errors';
import { workerEntries } from '../../../electron/workers/boot';
import { WorkerClient } from '../../../electron/workers/client';
import { WorkerPool } from '../../../electron/workers/pool';
import type { TestCalls } from './testWorker';

const entry = new URL('./testWorker.ts', import.meta.url);
const started: WorkerClient<TestCalls>[] = [];
const client = (cancel?: 'message' | 'terminate') => {
  const made = new WorkerClient<TestCalls>(entry, { name: 'The test worker', cancel });
  started.push(made);
  return made;
};
afterAll(() => Promise.all(started.map((made) => made.close())));

describe('WorkerClient', () => {
  it('routes progress to the caller and resolves the reply', async () => {
    const seen: number[] = [];
    const threadId = await client().request('count', 3, { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([1, 2, 3]);
    expect(threadId).toBeGreaterThan(0);
  });

  it('a worker that exits rejects every waiting request, and every later one, with WorkerCrashed', async () => {
    const worker = client();
    const waiting = [worker.request('waitForCancel', null), worker.request('waitForCancel', null), worker.request('exit', 3)];
    const crash = { kind: 'WorkerCrashed', message: 'The test worker stopped unexpectedly (exit code 3).' };
    for (const request of waiting) await expect(request).rejects.toMatchObject(crash);
    await expect(worker.request('count', 1)).rejects.toMatchObject(crash);
    expect(worker.alive).toBe(false);
  });

  it('an uncaught exception in the worker is the same crash, naming the exception', async () => {
    const worker = client();
    const waiting = worker.request('waitForCancel', null);
    await expect(worker.request('throwLater', null)).rejects.toMatchObject({ kind: 'WorkerCrashed', message: expect.stringContaining('boom') });
    await expect(waiting).rejects.toMatchObject({ kind: 'WorkerCrashed' });
  });

  it("cancel by message aborts the handler's signal; the worker serves on", async () => {
    const worker = client('message');
    const controller = new AbortController();
    const waiting = worker.request('waitForCancel', null, { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'Stopped' });
    expect(await worker.request('count', 0)).toBeGreaterThan(0);
  });

  it('cancel by terminate stops a worker that never yields, failing with the abort reason', async () => {
    const worker = client('terminate');
    const controller = new AbortController();
    const spinning = worker.request('spin', null, { signal: controller.signal });
    controller.abort(new VoxbenchError('Cancelled', 'spin cancelled'));
    await expect(spinning).rejects.toMatchObject({ kind: 'Cancelled', message: 'spin cancelled' });
    await worker.exited;
    expect(worker.alive).toBe(false);
  });
});

describe('WorkerPool', () => {
  it('reuses idle threads, queues beyond its size, replaces a crashed thread, and close() stops them', async () => {
    const clients: WorkerClient<TestCalls>[] = [];
    const pool = new WorkerPool(() => {
      const made = new WorkerClient<TestCalls>(entry, { name: 'A pooled test worker' });
      clients.push(made);
      return made;
    }, 2);
    const first = await pool.request('count', 0);
    expect(await pool.request('count', 0)).toBe(first);
    const together = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.request('count', n)));
    expect(new Set(together).size).toBeLessThanOrEqual(2);
    expect(clients.length).toBe(2);
    await expect(pool.request('exit', 1)).rejects.toMatchObject({ kind: 'WorkerCrashed' });
    await Promise.all([1, 2, 3].map((n) => pool.request('count', n)));
    expect(clients.length).toBe(3);
    await pool.close();
    await Promise.all(clients.map((made) => made.exited));
    expect(clients.every((made) => !made.alive)).toBe(true);
    await expect(pool.request('count', 1)).rejects.toMatchObject({ kind: 'Cancelled' });
  });
});

it('the build bundles exactly the worker entries the boot starts', () => {
  const build = readFileSync(new URL('../../../build/build.mjs', import.meta.url), 'utf8');
  expect(build).toContain("readFileSync('electron/workers/entries.json'");
  for (const source of Object.values(workerEntries)) expect(readFileSync(new URL(`../../../${source}`, import.meta.url), 'utf8')).toContain('serveRequests');
});
