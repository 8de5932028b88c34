// A segment worker thread: runs edits and statistics for the pool (pool.ts) so the host's event loop never
// runs a kernel. Labels and image arrive in shared memory (a window of the volume, for edits); an edit works
// on a copy and sends back only the box it changed.
import { serveRequests, Transfer } from '../../workers/serve.js';
import type { Geometry } from '../volume/geometry.js';
import type { VoxelArray } from '../volume/model.js';
import type { Region, SegmentStatistics } from '../../common/segmentCalls.js';
import { runEdit, type Edit } from './edit/edits.js';
import type { Dims, Labels, Scalars } from './kernels/index.js';
import { differenceBox, readBox } from './regions.js';
import { blobName } from './blobName.js';
import type { Brick } from './labelmap.js';
import { encodeBricks, type EncodedBrick } from './savedBricks.js';
import { labelBoxes, toLabels } from './labelScan.js';
import { computeStatistics } from './statistics.js';

export type WorkerTask =
  | { kind: 'edit'; edit: Edit; labels: Labels; dims: Dims; geometry: Geometry; image?: Scalars; locked: number[]; values: number[]; imported?: Labels }
  | { kind: 'statistics'; labels: Labels; image: Scalars; dims: Dims; spacing: Geometry['spacing']; unit: string; segments: { value: number; name: string }[] }
  | { kind: 'boxes'; labels: Labels; dims: Dims }
  | { kind: 'toLabels'; values: VoxelArray; name: string }
  | { kind: 'blobName'; labels: Labels }
  | { kind: 'encodeBricks'; bricks: Brick[] };

/** Boxes in the coordinates of the window the edit ran on. */
export interface EditResult {
  box: Region | null;
  /** The box's voxels after the edit. */
  after?: Labels;
  added: number[];
  /** Where a growing tool's region reached. */
  reach?: Region | null;
}

export type TaskResult<T extends WorkerTask> = T extends { kind: 'edit' }
  ? EditResult
  : T extends { kind: 'statistics' }
    ? SegmentStatistics[]
    : T extends { kind: 'boxes' }
      ? [number, Region][]
      : T extends { kind: 'blobName' }
        ? string
        : T extends { kind: 'encodeBricks' }
          ? EncodedBrick[]
          : ReturnType<typeof toLabels>;

/** The worker's calls: one per task kind, each replying its TaskResult. */
export type SegmentCalls = { [K in WorkerTask['kind']]: { request: Extract<WorkerTask, { kind: K }>; reply: TaskResult<Extract<WorkerTask, { kind: K }>> } };

function edit(task: Extract<WorkerTask, { kind: 'edit' }>): Transfer<EditResult> {
  const labels = task.labels.slice();
  const { added, bounds, reach } = runEdit(task.edit, { ...task, labels });
  const box = differenceBox(task.labels, labels, task.dims, bounds);
  const after = box ? readBox(labels, task.dims, box) : undefined;
  return new Transfer({ box, after, added, reach }, after ? [after.buffer as ArrayBuffer] : []);
}

serveRequests<SegmentCalls>({
  edit,
  statistics: (task) => computeStatistics(task.labels, task.image, task.dims, task.spacing, task.unit, task.segments),
  boxes: (task) => labelBoxes(task.labels, task.dims),
  toLabels: (task) => {
    const result = toLabels(task.values, task.name);
    return new Transfer(result, [result.labels.buffer as ArrayBuffer]);
  },
  blobName: (task) => blobName(task.labels),
  encodeBricks: (task) => encodeBricks(task.bricks),
});
