// Blending on a thread of its own (blendWorker.ts): each batch's outputs go there as the network starts on the
// next batch, so on a CPU provider that leaves a core idle, and on a GPU, the blending costs no time of its own.
import { WorkerClient } from '../../workers/client.js';
import type { BlendCalls } from './blendWorker.js';
import type { BlendJob, Blender } from './slidingWindow.js';

/** Shared memory, so both threads see the one array. */
const shared = (length: number) => new Float32Array(new SharedArrayBuffer(length * 4));

export function blendInThread(thread: WorkerClient<BlendCalls>): (job: BlendJob) => Blender {
  return (given) => {
    const job = { ...given, importance: shared(given.importance.length) };
    job.importance.set(given.importance);
    const sums = shared(job.channels * job.dims[0] * job.dims[1] * job.dims[2]);
    const pending: Promise<unknown>[] = [];
    return {
      add(result, starts) {
        // An array that is its whole buffer (onnxruntime's output) moves to the thread; a view into a larger one is copied.
        const own = result.byteOffset === 0 && result.byteLength === result.buffer.byteLength && result.buffer instanceof ArrayBuffer ? result : result.slice();
        const blended = thread.request('blend', { sums, job, result: own, starts }, { transfer: [own.buffer as ArrayBuffer] });
        blended.catch(() => undefined); // awaited in sums()
        pending.push(blended);
      },
      sums: () => Promise.all(pending).then(() => sums),
    };
  };
}
