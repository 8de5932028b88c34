// A worker for the worker layer's tests: each call does one thing a real worker may do (report, wait for a
// cancel, spin, exit, throw outside a request).
import { threadId } from 'node:worker_threads';
import { VoxbenchError } from '../../../electron/common/errors';
import { serveRequests } from '../../../electron/workers/serve';

export type TestCalls = {
  count: { request: number; reply: number; progress: number };
  waitForCancel: { request: null; reply: null };
  spin: { request: null; reply: null };
  exit: { request: number; reply: null };
  throwLater: { request: null; reply: null };
};

serveRequests<TestCalls>({
  count: (upTo, { progress }) => {
    for (let n = 1; n <= upTo; n++) progress(n);
    return threadId;
  },
  waitForCancel: (_, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new VoxbenchError('Stopped', 'stopped on cancel')))),
  spin: () => {
    for (;;);
  },
  exit: (code) => process.exit(code),
  throwLater: () => {
    setTimeout(() => {
      throw new Error('boom');
    });
    return new Promise(() => undefined);
  },
});
