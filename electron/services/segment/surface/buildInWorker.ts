// Runs surface builds in worker threads (never on the host's event loop), with progress per segment and
// cancel by terminating the build's thread.
import { availableParallelism } from 'node:os';
import { VoxbenchError } from '../../../common/errors.js';
import { WorkerClient } from '../../../workers/client.js';
import { WorkerPool } from '../../../workers/pool.js';
import type { Mesh } from '../kernels/index.js';
import type { SurfaceCalls, SurfaceJob } from './surfaceWorker.js';

export interface SurfaceBuild {
  /** Every requested segment's mesh, by label, in the order asked. */
  meshes: Promise<Map<number, Mesh>>;
  cancel(): void;
}

export class SurfaceBuilder {
  private readonly pool = new WorkerPool(
    () => new WorkerClient<SurfaceCalls>('surfaceWorker', { name: 'The surface worker', cancel: 'terminate' }),
    Math.max(1, Math.min(2, availableParallelism() - 1)),
  );

  build(job: SurfaceJob, onSegment: (done: number, total: number) => void): SurfaceBuild {
    const meshes = new Map<number, Mesh>();
    const controller = new AbortController();
    const onProgress = ({ label, mesh }: { label: number; mesh: Mesh }) => {
      meshes.set(label, mesh);
      onSegment(meshes.size, job.segmentLabels.length);
    };
    return {
      meshes: this.pool.request('build', job, { onProgress, signal: controller.signal }).then(() => meshes),
      cancel: () => controller.abort(new VoxbenchError('Cancelled', 'Surface build cancelled.')),
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
