// The session's segmentations, one per open volume: the labelmaps and tables, the worker pool that edits
// them, the volume images the tools read, and the blob store of imported labels (so the log replays).
import { VoxbenchError } from '../errors.js';
import type { VolumeStore } from '../volume/store.js';
import type { Action } from './actions.js';
import { logEntry } from './actions.js';
import type { ApplyResult, LogEntry, Region, SegmentInfo, SegmentStatistics, SegmentationInfo } from './calls.js';
import type { Labels, Scalars } from './kernels/index.js';
import { WorkerPool } from './pool.js';
import type { TaskResult, WorkerTask } from './worker.js';
import { Segmentation, sharedLabels } from './segmentation.js';
import type { SegmentedVolume } from './surface/surfaces.js';
import { nextValue } from './table.js';
import { readWholeVolume } from './wholeVolume.js';

type Listener = (info: SegmentationInfo, region: Region | null) => void;

export class SegmentStore {
  private readonly segmentations = new Map<string, Segmentation>();
  private readonly images = new Map<string, Promise<Scalars>>();
  /** Imported labelmaps by SHA-256 of their bytes. */
  readonly blobs = new Map<string, Labels>();
  private readonly pool = new WorkerPool();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly volumes: VolumeStore) {}

  /** The segmentation of a volume, created empty on first ask. */
  of(volumeId: string): Segmentation {
    const { info } = this.volumes.get(volumeId);
    let segmentation = this.segmentations.get(volumeId);
    if (!segmentation) {
      segmentation = new Segmentation(volumeId, info.name, info.dims, info, {
        pool: this.pool,
        image: () => this.image(volumeId),
        blob: (hash) => this.blobs.get(hash) ?? missingBlob(hash),
        changed: (changed, region) => this.listeners.forEach((listener) => listener(changed, region)),
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

  perform(volumeId: string, action: Action): Promise<ApplyResult> {
    return this.of(volumeId).perform(action);
  }

  /** A model's or a file's labelmap as new segments, recorded in the log (the labels kept in the blob store). */
  async importLabels(volumeId: string, labels: Uint8Array | Uint16Array, segments: { value: number; name: string; color: [number, number, number] }[], provenance: Record<string, unknown>): Promise<ApplyResult> {
    const segmentation = this.of(volumeId);
    if (labels.length !== segmentation.labels.length) {
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
    const kept = sharedLabels(labels instanceof Uint16Array ? 'uint16' : 'uint8', labels.length);
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

  async statistics(volumeId: string, values?: number[]): Promise<SegmentStatistics[]> {
    const segmentation = this.of(volumeId);
    const segments = values ? values.map((value) => segmentation.segments.find((s) => s.value === value) ?? missingSegment(segmentation.name, value)) : segmentation.segments;
    const { info } = this.volumes.get(volumeId);
    return this.pool.run({ kind: 'statistics', labels: segmentation.labels, image: await this.image(volumeId), dims: info.dims, spacing: info.spacing, unit: info.unit, segments: segments.map(({ value, name }) => ({ value, name })) }).result;
  }

  /** Runs a whole-labelmap pass (import, export) in a segment worker. */
  inWorker<T extends WorkerTask>(task: T): Promise<TaskResult<T>> {
    return this.pool.run(task).result;
  }

  /** What surfaces are built from (electron/segment/surface). */
  segmented(volumeId: string): SegmentedVolume {
    const segmentation = this.of(volumeId);
    const { dims, spacing, origin, direction } = this.volumes.get(volumeId).info;
    return { grid: { dims, spacing, origin, direction }, labels: segmentation.labels, segments: segmentation.segments, version: segmentation.revision };
  }

  forget(volumeId: string): void {
    this.segmentations.get(volumeId)?.cancel();
    this.segmentations.delete(volumeId);
    this.images.delete(volumeId);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** The volume's voxels in shared memory, read once, for the tools that look at intensities. */
  private image(volumeId: string): Promise<Scalars> {
    let image = this.images.get(volumeId);
    if (!image) {
      image = readWholeVolume(this.volumes.get(volumeId).source, true);
      image.catch(() => this.images.delete(volumeId));
      this.images.set(volumeId, image);
    }
    return image;
  }
}

function missingBlob(hash: string): never {
  throw new VoxbenchError('MissingLabels', `The imported labels ${hash.slice(0, 12)}… the log refers to are not in this session or workspace.`);
}

function missingSegment(name: string, value: number): never {
  throw new VoxbenchError('UnknownSegment', `${name} has no segment with label value ${value}.`);
}
