// The caller's end of one worker thread: typed requests with ids, progress routed to each caller, cancel, and
// one crash error (WorkerCrashed) for every request waiting when the thread dies. The thread keeps the process
// alive only while a request waits.
import type { Worker } from 'node:worker_threads';
import { VoxbenchError } from '../common/errors.js';
import { startWorker, type WorkerEntry } from './boot.js';
import type { Calls, FromWorker, ProgressOf, ToWorker } from './protocol.js';

export interface RequestOptions<P> {
  transfer?: ArrayBuffer[];
  onProgress?(progress: P): void;
  signal?: AbortSignal;
}

export interface ClientOptions {
  /** A user-facing name for errors: 'The part hasher'. */
  name: string;
  /** How a request is cancelled: the thread hears it and stops (its handler's signal), or the thread is terminated. */
  cancel?: 'message' | 'terminate';
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: unknown): void;
}

/** What a cancelled request rejects with: the abort's reason when it is an error. */
export function cancelled(signal: AbortSignal, name: string): Error {
  return signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason : new VoxbenchError('Cancelled', `${name}: cancelled.`);
}

export class WorkerClient<C extends Calls> {
  /** Resolves once the thread listens. */
  readonly ready: Promise<void>;
  /** Resolves when the thread has stopped, for whatever reason. */
  readonly exited: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped?: VoxbenchError;

  constructor(
    entry: WorkerEntry | URL,
    private readonly options: ClientOptions,
  ) {
    this.worker = startWorker(entry);
    let listening = () => undefined as void;
    this.ready = new Promise((resolve) => (listening = resolve));
    this.worker.on('message', (message: FromWorker) => {
      if ('ready' in message) {
        listening();
        return this.idleUnref();
      }
      const waiting = this.pending.get(message.id);
      if ('progress' in message) return waiting?.onProgress?.(message.progress);
      this.pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.result);
      else waiting?.reject(new VoxbenchError(message.error.kind, message.error.message));
      this.idleUnref();
    });
    this.worker.on('error', (error) => this.fail(new VoxbenchError('WorkerCrashed', `${options.name} stopped unexpectedly (${error.message}).`)));
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        this.fail(new VoxbenchError('WorkerCrashed', `${options.name} stopped unexpectedly (exit code ${code}).`));
        listening();
        resolve();
      }),
    );
  }

  get name(): string {
    return this.options.name;
  }

  /** A thread started ahead of its use (a spare reader) takes the name of what it came to serve. */
  rename(name: string): void {
    this.options.name = name;
  }

  /** False once the thread has crashed or been closed: every request then fails. */
  get alive(): boolean {
    return !this.stopped;
  }

  get waiting(): number {
    return this.pending.size;
  }

  request<K extends keyof C & string>(op: K, params: C[K]['request'], { transfer = [], onProgress, signal }: RequestOptions<ProgressOf<C, K>> = {}): Promise<C[K]['reply']> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (signal?.aborted) return Promise.reject(cancelled(signal, this.name));
    const id = this.nextId++;
    const reply = new Promise<C[K]['reply']>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: onProgress as Pending['onProgress'] });
    });
    this.worker.ref();
    this.worker.postMessage({ id, op, params } satisfies ToWorker, transfer);
    if (!signal) return reply;
    const abort = () => {
      if (!this.pending.has(id)) return;
      if (this.options.cancel === 'message') return this.worker.postMessage({ cancel: id } satisfies ToWorker);
      this.pending.get(id)!.reject(cancelled(signal, this.name));
      this.pending.delete(id);
      void this.close();
    };
    signal.addEventListener('abort', abort, { once: true });
    return reply.finally(() => signal.removeEventListener('abort', abort));
  }

  /** Stops the thread; requests still waiting fail as Cancelled. */
  async close(): Promise<void> {
    this.fail(new VoxbenchError('Cancelled', `${this.name} was closed.`));
    await this.worker.terminate();
  }

  private fail(error: VoxbenchError): void {
    this.stopped ??= error;
    this.pending.forEach(({ reject }) => reject(this.stopped!));
    this.pending.clear();
  }

  private idleUnref(): void {
    if (!this.pending.size) this.worker.unref();
  }
}
