// The session's segmentations, one per open volume: the labelmaps and tables, the worker pool that edits
// them, the volume images the tools read (whole when they fit the memory budget, else window by window), and
// the blob store of imported labels (so the log replays).
import { VoxbenchError } from '../../common/errors.js';
import type { VolumeStore } from '../volume/store.js';
import type { Action } from './actions.js';
import { logEntry } from './actions.js';
import type { ApplyResult, LogEntry, Region, SegmentInfo, SegmentStatistics, SegmentationInfo } from '../../common/segmentCalls.js';
import { indexToWorld } from '../volume/geometry.js';
import { bytesPerVoxel, readRegion } from '../volume/model.js';
import type { Labels, Scalars } from './kernels/index.js';
import { BRICK, newLabels } from './labelmap.js';
import { mustFit, segmentMemory, type SegmentMemory } from './memoryBudget.js';
import { SegmentPool } from './pool.js';
import type { TaskResult, WorkerTask } from './worker.js';
import { boxDims, boxVoxels, readBox, shiftBox, unionBox, wholeBox } from './regions.js';
import { around } from './edit/windows.js';
import { Segmentation } from './segmentation.js';
import { emptyStatistics } from './statistics.js';
import type { SegmentedVolume } from './surface/surfaces.js';
import { nextValue } from './table.js';
import { readWholeVolume } from './wholeVolume.js';

type Listener = (info: SegmentationInfo, region: Region | null) => void;
type ProgressListener = (volumeId: string, done: number, total: number, message: string) => void;

const isWhole = (window: Region, dims: readonly number[]) => window.min.every((v) => v === 0) && window.max.every((v, k) => v === dims[k]);

export class SegmentStore {
  private readonly segmentations = new Map<string, Segmentation>();
  /** Whole images of the volumes that fit the budget. */
  private readonly images = new Map<string, Promise<Scalars>>();
  /** Imported labelmaps by SHA-256 of their bytes. */
  readonly blobs = new Map<string, Labels>();
  private readonly pool = new SegmentPool();
  private readonly listeners = new Set<Listener>();
  private readonly progressListeners = new Set<ProgressListener>();

  constructor(
    private readonly volumes: VolumeStore,
    readonly memory: SegmentMemory = segmentMemory(),
  ) {}

  /** The segmentation of a volume, created empty on first ask. */
  of(volumeId: string): Segmentation {
    const { info } = this.volumes.get(volumeId);
    let segmentation = this.segmentations.get(volumeId);
    if (!segmentation) {
      segmentation = new Segmentation(volumeId, info.name, info.dims, info, {
        pool: this.pool,
        memory: this.memory,
        image: (window) => this.image(volumeId, window),
        blob: (hash, window) => {
          const blob = this.blobs.get(hash) ?? missingBlob(hash);
          return isWhole(window, info.dims) ? blob : readBox(blob, info.dims, window, true);
        },
        changed: (changed, region) => this.listeners.forEach((listener) => listener(changed, region)),
        progress: (done, total, message) => this.progressListeners.forEach((listener) => listener(volumeId, done, total, message)),
      });
      this.segmentations.set(volumeId, segmentation);
    }
    return segmentation;
  }

  has(volumeId: string): boolean {
    return this.segmentations.has(volumeId);
  }

  /** Hears every change (the segment.changed event, the workspace's autosave). */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears how far a running edit is. */
  onProgress(listener: ProgressListener): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  perform(volumeId: string, action: Action): Promise<ApplyResult> {
    return this.of(volumeId).perform(action);
  }

  /** A model's or a file's labelmap as new segments, recorded in the log (the labels kept in the blob store). */
  async importLabels(volumeId: string, labels: Uint8Array | Uint16Array, segments: { value: number; name: string; color: [number, number, number] }[], provenance: Record<string, unknown>): Promise<ApplyResult> {
    const segmentation = this.of(volumeId);
    if (labels.length !== boxVoxels(wholeBox(segmentation.dims))) {
      throw new VoxbenchError('GridMismatch', `The imported labels have ${labels.length} voxels but ${segmentation.name} has ${segmentation.dims.join('×')}.`);
    }
    const blob = await this.addBlob(labels);
    const table: SegmentInfo[] = [...segmentation.segments];
    const added: SegmentInfo[] = [];
    const mapping: [number, number][] = [];
    for (const { value, name, color } of segments) {
      const free = !table.some((s) => s.value === value);
      const segment: SegmentInfo = { value: free ? value : nextValue(table), name, color, visible: true, locked: false };
      table.push(segment);
      added.push(segment);
      mapping.push([value, segment.value]);
    }
    return segmentation.perform({ kind: 'import', blob, mapping, segments: added, provenance });
  }

  /** Keeps a copy of `labels` (in shared memory, so workers read it without copies) under its content address, and returns that name. */
  async addBlob(labels: Labels): Promise<string> {
    const kept = newLabels(labels instanceof Uint16Array ? 'uint16' : 'uint8', labels.length, true);
    kept.set(labels);
    const hash = await this.inWorker({ kind: 'blobName', labels: kept });
    if (!this.blobs.has(hash)) this.blobs.set(hash, kept);
    return hash;
  }

  log(volumeId: string): LogEntry[] {
    return this.of(volumeId).history.applied.map((step, index) => logEntry(step.action, index, step.time, step.box));
  }

  /** Every action of the log, oldest first, as replay() takes them. */
  actions(volumeId: string): Action[] {
    return this.of(volumeId).history.applied.map((step) => step.action);
  }

  /** Starts the volume's segmentation afresh and applies `actions` in order (a saved session, or a check that the log reproduces the labelmap). */
  async replay(volumeId: string, actions: Action[]): Promise<SegmentationInfo> {
    this.segmentations.delete(volumeId);
    const segmentation = this.of(volumeId);
    for (const action of actions) await segmentation.perform(action);
    return segmentation.info();
  }

  /** Statistics of the chosen segments (all when left out), each computed on the window around it. */
  async statistics(volumeId: string, values?: number[]): Promise<SegmentStatistics[]> {
    const segmentation = this.of(volumeId);
    const segments = values ? values.map((value) => segmentation.segments.find((s) => s.value === value) ?? missingSegment(segmentation.name, value)) : segmentation.segments;
    const { spacing, unit } = this.volumes.get(volumeId).info;
    return segmentation.exclusive(async () => {
      const rows: SegmentStatistics[] = [];
      for (const { value, name } of segments) {
        const window = segmentation.labelmap.bounds([value]);
        if (!window) {
          rows.push(emptyStatistics(value, name, unit));
          continue;
        }
        mustFit(this.memory, window, `Statistics of "${name}" in ${segmentation.name}`);
        const task = { kind: 'statistics' as const, labels: await segmentation.labelmap.readBox(window, true), image: await this.image(volumeId, window), dims: boxDims(window), spacing, unit, segments: [{ value, name }] };
        const [row] = await this.pool.run(task).result;
        rows.push({ ...row!, ...(row!.box ? { box: shiftBox(row!.box, window.min) } : {}) });
      }
      return rows;
    });
  }

  /** The voxel box of every label value present (Slicer's Segment{N}_Extent), scanned slab by slab in a worker. */
  async extents(volumeId: string): Promise<Map<number, Region>> {
    const { labelmap } = this.of(volumeId);
    const boxes = new Map<number, Region>();
    const bounds = labelmap.bounds();
    for (let z = bounds?.min[2] ?? 0; bounds && z < bounds.max[2]; z += BRICK) {
      const slab: Region = { min: [bounds.min[0], bounds.min[1], z], max: [bounds.max[0], bounds.max[1], Math.min(bounds.max[2], z + BRICK)] };
      const found = await this.inWorker({ kind: 'boxes', labels: await labelmap.readBox(slab, true), dims: boxDims(slab) });
      for (const [value, box] of found) boxes.set(value, unionBox(boxes.get(value) ?? null, shiftBox(box, slab.min))!);
    }
    return boxes;
  }

  /** Runs a whole-labelmap pass (import, export) in a segment worker. */
  inWorker<T extends WorkerTask>(task: T): Promise<TaskResult<T>> {
    return this.pool.run(task).result;
  }

  /** What surfaces are built from: the window around every segment (one voxel of background around it) on its own grid. */
  segmented(volumeId: string): SegmentedVolume {
    const segmentation = this.of(volumeId);
    const { info } = this.volumes.get(volumeId);
    const { labelmap } = segmentation;
    const window: Region = around(labelmap.bounds(), [1, 1, 1], info.dims) ?? { min: [0, 0, 0], max: [1, 1, 1] };
    const { spacing, direction } = info;
    const grid = { dims: boxDims(window), spacing, origin: indexToWorld(info, window.min), direction };
    const labels = async () => {
      mustFit(this.memory, window, `The surfaces of ${info.name}`);
      return { grid, labels: await labelmap.readBox(window, true) };
    };
    return { labels, segments: segmentation.segments, version: segmentation.revision };
  }

  forget(volumeId: string): void {
    this.segmentations.get(volumeId)?.cancel();
    this.segmentations.delete(volumeId);
    this.images.delete(volumeId);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** The volume's voxels in `window`: cut from the whole image (read once into shared memory) when it fits the budget, else read from the scan. */
  private async image(volumeId: string, window: Region): Promise<Scalars> {
    const { info, source } = this.volumes.get(volumeId);
    if (boxVoxels(wholeBox(info.dims)) * bytesPerVoxel(info.dtype) > this.memory.imageBytes) return readRegion(source, window);
    let image = this.images.get(volumeId);
    if (!image) {
      image = readWholeVolume(source, true);
      image.catch(() => this.images.delete(volumeId));
      this.images.set(volumeId, image);
    }
    return isWhole(window, info.dims) ? image : readBox(await image, info.dims, window, true);
  }
}

function missingBlob(hash: string): never {
  throw new VoxbenchError('MissingLabels', `The imported labels ${hash.slice(0, 12)}… the log refers to are not in this session or workspace.`);
}

function missingSegment(name: string, value: number): never {
  throw new VoxbenchError('UnknownSegment', `${name} has no segment with label value ${value}.`);
}
