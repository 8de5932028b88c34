// Runs a surface build in its own worker thread (never on the host's event loop), with progress per segment
// and cancel by terminating the thread.
import type { WireError } from '../../../common/contract.js';
import { VoxbenchError } from '../../../common/errors.js';
import { startWorkerThread } from '../../../workers/workerThread.js';
import type { Mesh } from '../kernels/index.js';
import type { SurfaceJob } from './surfaceWorker.js';

export interface SurfaceBuild {
  /** Every requested segment's mesh, by label, in the order asked. */
  meshes: Promise<Map<number, Mesh>>;
  cancel(): void;
}

type Message = { label: number; mesh: Mesh } | { done: true } | { error: WireError };

export function buildInWorker(job: SurfaceJob, onSegment: (done: number, total: number) => void): SurfaceBuild {
  const worker = startWorkerThread(import.meta.url, 'surfaceWorker.js', './surfaceWorker.ts', job);
  const meshes = new Map<number, Mesh>();
  let cancelled = false;
  const finished = new Promise<Map<number, Mesh>>((resolve, reject) => {
    worker.on('message', (message: Message) => {
      if ('mesh' in message) {
        meshes.set(message.label, message.mesh);
        onSegment(meshes.size, job.segmentLabels.length);
      } else if ('done' in message) resolve(meshes);
      else reject(new VoxbenchError(message.error.kind, message.error.message));
    });
    worker.on('error', (error) => reject(new VoxbenchError('SurfaceFailed', `Building segment surfaces failed: ${error.message}`)));
    worker.on('exit', () => reject(new VoxbenchError(cancelled ? 'Cancelled' : 'SurfaceFailed', cancelled ? 'Surface build cancelled.' : 'The surface worker stopped unexpectedly.')));
  });
  return {
    meshes: finished.finally(() => void worker.terminate()),
    cancel() {
      cancelled = true;
      void worker.terminate();
    },
  };
}
