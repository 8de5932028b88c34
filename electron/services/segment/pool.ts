// A small pool of segment workers (worker.ts): tasks queue for a free thread; cancelling a running task
// terminates its thread and a fresh one takes its place.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { WireError } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { startWorkerThread } from '../../workers/workerThread.js';
import type { TaskResult, WorkerTask } from './worker.js';

interface Job {
  id: number;
  task: WorkerTask;
  resolve(value: unknown): void;
  reject(error: Error): void;
  worker?: Worker;
}

export interface Running<T> {
  result: Promise<T>;
  cancel(): void;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly busy = new Set<Job>();
  private started = 0;
  private nextId = 1;

  constructor(private readonly size = Math.max(1, Math.min(2, availableParallelism() - 1))) {}

  run<T extends WorkerTask>(task: T): Running<TaskResult<T>> {
    let job!: Job;
    const result = new Promise<TaskResult<T>>((resolve, reject) => {
      job = { id: this.nextId++, task, resolve: resolve as (value: unknown) => void, reject };
    });
    this.queue.push(job);
    this.pump();
    return { result, cancel: () => this.cancel(job) };
  }

  async close(): Promise<void> {
    for (const job of [...this.queue, ...this.busy]) this.cancel(job);
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (job.worker && this.busy.has(job)) {
      this.busy.delete(job);
      this.started--;
      void job.worker.terminate();
    } else return;
    job.reject(new VoxbenchError('Cancelled', 'The segmentation operation was cancelled.'));
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.started < this.size)) {
      const job = this.queue.shift()!;
      const worker = this.idle.pop() ?? this.spawn();
      job.worker = worker;
      this.busy.add(job);
      worker.once('message', (reply: { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError }) => {
        if (!this.busy.delete(job)) return;
        this.idle.push(worker);
        if (reply.ok) job.resolve(reply.result);
        else job.reject(new VoxbenchError(reply.error.kind, reply.error.message));
        this.pump();
      });
      worker.postMessage({ id: job.id, task: job.task });
    }
  }

  private spawn(): Worker {
    this.started++;
    const worker = startWorkerThread(import.meta.url, 'segmentWorker.js', './worker.ts');
    worker.unref();
    worker.on('error', (error) => this.lost(worker, error.message));
    worker.on('exit', (code) => this.lost(worker, `exit code ${code}`));
    return worker;
  }

  /** A thread that died mid-task (out of memory, say) fails that task, not the pool. */
  private lost(worker: Worker, why: string): void {
    const idle = this.idle.indexOf(worker);
    if (idle >= 0) {
      this.idle.splice(idle, 1);
      this.started--;
    }
    for (const job of this.busy) {
      if (job.worker !== worker) continue;
      this.busy.delete(job);
      this.started--;
      job.reject(new VoxbenchError('SegmentWorkerFailed', `The segmentation worker stopped unexpectedly (${why}).`));
    }
    this.pump();
  }
}
