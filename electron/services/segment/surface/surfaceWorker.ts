// A worker thread that builds the surfaces of a labelmap's segments, one after another, reporting each.
// buildInWorker.ts is the other end; terminating the thread cancels the build.
import { parentPort, workerData } from 'node:worker_threads';
import { toWireError } from '../../../common/errors.js';
import type { Labels } from '../kernels/index.js';
import { segmentSurface, type Grid, type SurfaceOptions } from './build.js';

export interface SurfaceJob {
  labels: Labels;
  grid: Grid;
  segmentLabels: number[];
  options: SurfaceOptions;
}

const { labels, grid, segmentLabels, options } = workerData as SurfaceJob;
const port = parentPort!;
try {
  for (const label of segmentLabels) {
    const mesh = segmentSurface(labels, grid, label, options);
    port.postMessage({ label, mesh }, [mesh.positions.buffer as ArrayBuffer, mesh.indices.buffer as ArrayBuffer]);
  }
  port.postMessage({ done: true });
} catch (error) {
  port.postMessage({ error: toWireError(error) });
}
