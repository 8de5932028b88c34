// A fixed number of worker threads started on demand: a request goes to a thread with room (each takes
// `perWorker` requests at a time), else waits in the queue. A thread that crashed or was terminated by a
// cancel is dropped and a fresh one takes its place.
import { VoxbenchError } from '../common/errors.js';
import { cancelled, WorkerClient, type RequestOptions } from './client.js';
import type { Calls, ProgressOf } from './protocol.js';

interface Queued {
  start(client: WorkerClient<Calls>): Promise<unknown>;
  reject(error: Error): void;
}

export class WorkerPool<C extends Calls> {
  private readonly clients = new Set<WorkerClient<C>>();
  private readonly queue: Queued[] = [];
  private closed = false;

  constructor(
    private readonly start: () => WorkerClient<C>,
    private readonly size: number,
    private readonly perWorker = 1,
  ) {}

  /** Threads now running. */
  get threads(): number {
    return this.clients.size;
  }

  request<K extends keyof C & string>(op: K, params: C[K]['request'], options: RequestOptions<ProgressOf<C, K>> = {}): Promise<C[K]['reply']> {
    const { signal } = options;
    if (this.closed) return Promise.reject(new VoxbenchError('Cancelled', 'The worker pool was closed.'));
    if (signal?.aborted) return Promise.reject(cancelled(signal, 'The request'));
    return new Promise((resolve, reject) => {
      const unqueue = () => {
        const at = this.queue.indexOf(queued);
        if (at < 0) return;
        this.queue.splice(at, 1);
        reject(cancelled(signal!, 'The request'));
      };
      const queued: Queued = {
        start: (client) => {
          signal?.removeEventListener('abort', unqueue);
          return (client as WorkerClient<C>).request(op, params, options).then(resolve, reject);
        },
        reject,
      };
      signal?.addEventListener('abort', unqueue, { once: true });
      this.queue.push(queued);
      this.pump();
    });
  }

  /** Starts a thread if none runs; resolves when one listens. */
  warm(): Promise<void> {
    return (this.room() ?? this.spawn()).ready;
  }

  /** Fails what waits (as Cancelled) and stops every thread. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.splice(0).forEach(({ reject }) => reject(new VoxbenchError('Cancelled', 'The worker pool was closed.')));
    await Promise.all([...this.clients].map((client) => client.close()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const client = this.room() ?? (this.clients.size < this.size ? this.spawn() : undefined);
      if (!client) return;
      void this.queue.shift()!.start(client as WorkerClient<Calls>).finally(() => this.pump());
    }
  }

  private room(): WorkerClient<C> | undefined {
    for (const client of this.clients) if (client.alive && client.waiting < this.perWorker) return client;
    return undefined;
  }

  private spawn(): WorkerClient<C> {
    const client = this.start();
    this.clients.add(client);
    void client.exited.then(() => {
      this.clients.delete(client);
      if (!this.closed) this.pump();
    });
    return client;
  }
}
