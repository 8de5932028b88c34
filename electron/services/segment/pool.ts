// The segment workers (worker.ts): a small pool; tasks queue for a free thread, and cancelling a running task
// terminates its thread (a fresh one takes its place).
import { availableParallelism } from 'node:os';
import { VoxbenchError } from '../../common/errors.js';
import { WorkerClient } from '../../workers/client.js';
import { WorkerPool } from '../../workers/pool.js';
import type { SegmentCalls, TaskResult, WorkerTask } from './worker.js';

export interface Running<T> {
  result: Promise<T>;
  cancel(): void;
}

export class SegmentPool {
  private readonly pool: WorkerPool<SegmentCalls>;

  constructor(size = Math.max(1, Math.min(2, availableParallelism() - 1))) {
    this.pool = new WorkerPool(() => new WorkerClient<SegmentCalls>('segmentWorker', { name: 'The segmentation worker', cancel: 'terminate' }), size);
  }

  run<T extends WorkerTask>(task: T): Running<TaskResult<T>> {
    const controller = new AbortController();
    const result = this.pool.request(task.kind, task as never, { signal: controller.signal }) as Promise<TaskResult<T>>;
    return { result, cancel: () => controller.abort(new VoxbenchError('Cancelled', 'The segmentation operation was cancelled.')) };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
