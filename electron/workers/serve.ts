// The worker thread's end of the protocol: runs each request's handler (several may be in flight), posts its
// progress and reply, and aborts a request's signal when the client cancels it.
import { parentPort } from 'node:worker_threads';
import { toWireError } from '../common/errors.js';
import type { Calls, FromWorker, ProgressOf, ToWorker } from './protocol.js';

/** A reply whose buffers move to the caller instead of being copied. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly list: ArrayBuffer[],
  ) {}
}

export interface Call<P> {
  progress(value: P, transfer?: ArrayBuffer[]): void;
  /** Aborted when the client cancels this request. */
  signal: AbortSignal;
}

export type Handlers<C extends Calls> = {
  [K in keyof C]: (params: C[K]['request'], call: Call<ProgressOf<C, K>>) => C[K]['reply'] | Transfer<C[K]['reply']> | Promise<C[K]['reply'] | Transfer<C[K]['reply']>>;
};

export function serveRequests<C extends Calls>(handlers: Handlers<C>): void {
  const port = parentPort!;
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const running = new Map<number, AbortController>();
  port.on('message', async (message: ToWorker) => {
    if ('cancel' in message) return running.get(message.cancel)?.abort();
    const { id, op, params } = message;
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const call: Call<unknown> = { progress: (progress, transfer) => post({ id, progress }, transfer), signal: controller.signal };
      const reply = await handlers[op]!(params, call as Call<never>);
      if (reply instanceof Transfer) post({ id, ok: true, result: reply.value }, reply.list);
      else post({ id, ok: true, result: reply });
    } catch (error) {
      post({ id, ok: false, error: toWireError(error) });
    } finally {
      running.delete(id);
    }
  });
  post({ ready: true });
}
