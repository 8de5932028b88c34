// A worker thread that builds the surfaces of a labelmap's segments, one after another, reporting each.
// buildInWorker.ts is the other end; terminating the thread cancels the build.
import { serveRequests } from '../../../workers/serve.js';
import type { Labels, Mesh } from '../kernels/index.js';
import { segmentSurface, type Grid, type SurfaceOptions } from './build.js';

export interface SurfaceJob {
  labels: Labels;
  grid: Grid;
  segmentLabels: number[];
  options: SurfaceOptions;
}

/** Each segment's mesh arrives as progress; the reply only says the build finished. */
export type SurfaceCalls = { build: { request: SurfaceJob; reply: null; progress: { label: number; mesh: Mesh } } };

serveRequests<SurfaceCalls>({
  build: ({ labels, grid, segmentLabels, options }, { progress }) => {
    for (const label of segmentLabels) {
      const mesh = segmentSurface(labels, grid, label, options);
      progress({ label, mesh }, [mesh.positions.buffer as ArrayBuffer, mesh.indices.buffer as ArrayBuffer]);
    }
    return null;
  },
});
