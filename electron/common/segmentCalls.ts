// The contract entries of the segment domain (segments, tools, undo, statistics, import/export, workspace),
// spread into contract.ts's one table. Params stay small: strokes are point lists, never voxel arrays;
// the labelmap itself travels as bytes at SegmentationInfo.labels.
import { z } from 'zod';
import type { Vec3, VolumeInfo } from './wire.js';
import { call } from './call.js';
import { surfaceCalls } from './surfaceCalls.js';
import { segment } from './segmentTools/fields.js';
import { operationSchema } from './segmentOperations.js';

const rgb = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);

/** A box of voxel indices: min included, max excluded, [x, y, z]. */
export interface Region {
  min: Vec3;
  max: Vec3;
}

export { MAX_STROKE_POINTS } from './segmentTools/fields.js';
export { operationSchema, type Operation, type OperationInput, type ToolName } from './segmentOperations.js';

export interface SegmentInfo {
  /** Label value in the labelmap (1 … 65535). */
  value: number;
  name: string;
  color: [number, number, number];
  visible: boolean;
  locked: boolean;
}

/** The segmentation of one volume, as the renderer sees it. */
export interface SegmentationInfo {
  volumeId: string;
  dims: Vec3;
  /** uint8 while every label fits, uint16 once a value exceeds 255. */
  dtype: 'uint8' | 'uint16';
  segments: SegmentInfo[];
  /** Grows by one on every change (edit, undo, redo, table change). */
  revision: number;
  canUndo: boolean;
  canRedo: boolean;
  /** What undo / redo would revert or repeat ("paint Segment 1"), for menus and tooltips. */
  undoLabel?: string;
  redoLabel?: string;
  /** Bulk path of the whole labelmap (x fastest, little-endian `dtype`); append /{x0}/{y0}/{z0}/{x1}/{y1}/{z1} for a box. */
  labels: string;
}

/** One entry of the operation log: what undo/redo, autosave, replay and provenance share. */
export interface LogEntry {
  index: number;
  /** A tool, a table change ('add', 'update', 'delete', 'merge') or 'import'. */
  action: string;
  /** The tool's or table change's parameters as applied (defaults filled in). */
  params: Record<string, unknown>;
  segment?: number;
  /** The box of voxels it changed; absent when only the table changed. */
  region?: Region;
  time: string;
}

export interface SegmentStatistics {
  value: number;
  name: string;
  voxels: number;
  /** Volume in `unit`³ (mm³, or µm³ for synchrotron data). */
  volume: number;
  unit: string;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Area of the marching-cubes surface at 0.5, in `unit`². */
  surfaceArea: number;
  /** Voxel box of the segment; absent when it is empty. */
  box?: Region;
}

export interface ApplyResult {
  info: SegmentationInfo;
  /** The box of voxels the operation changed; null when nothing changed. */
  changed: Region | null;
}

export interface WorkspaceLoaded {
  path: string;
  volumes: VolumeInfo[];
  segmentations: SegmentationInfo[];
  /** Volume ids at save time → their ids now (measurements and view state name the old ones). */
  renamed: Record<string, string>;
  /** What the renderer handed in at save time, returned as it was. */
  measurements: unknown;
  view: unknown;
}

const volumeId = z.string().min(1);
const onVolume = z.object({ volumeId }).strict();
const filePath = z.string().min(1);

export const segmentCalls = {
  /** The segmentation of a volume (an empty one is created on first ask). */
  'segment.info': call(onVolume).returns<SegmentationInfo>(),
  /** A new segment; value, name and colour default to the next free ones. */
  'segment.add': call(z.object({ volumeId, name: z.string().min(1).max(200).optional(), color: rgb.optional(), value: segment.optional() }).strict()).returns<SegmentationInfo>(),
  /** Rename, recolour, show/hide, lock/unlock (visibility is view state and is not in the undo log). */
  'segment.update': call(
    z.object({ volumeId, value: segment, name: z.string().min(1).max(200).optional(), color: rgb.optional(), visible: z.boolean().optional(), locked: z.boolean().optional() }).strict(),
  ).returns<SegmentationInfo>(),
  /** Removes a segment and clears its voxels (undoable). */
  'segment.delete': call(z.object({ volumeId, value: segment }).strict()).returns<SegmentationInfo>(),
  /** Relabels the voxels of `from` as `into` and removes `from` from the table. */
  'segment.merge': call(z.object({ volumeId, into: segment, from: z.array(segment).min(1) }).strict()).returns<SegmentationInfo>(),
  /** Runs one tool in a worker; progress arrives as `progress` events with job `segment <volumeId>`. */
  'segment.apply': call(z.object({ volumeId, operation: operationSchema }).strict()).returns<ApplyResult>(),
  /** Cancels the running operation on a volume (its apply call fails with kind 'Cancelled'); false when none ran. */
  'segment.cancel': call(onVolume).returns<boolean>(),
  'segment.undo': call(onVolume).returns<ApplyResult>(),
  'segment.redo': call(onVolume).returns<ApplyResult>(),
  /** The applied entries, oldest first. */
  'segment.log': call(onVolume).returns<LogEntry[]>(),
  'segment.statistics': call(z.object({ volumeId, segments: z.array(segment).optional() }).strict()).returns<SegmentStatistics[]>(),
  /** Writes the statistics table as CSV. */
  'segment.exportStatistics': call(z.object({ volumeId, path: filePath }).strict()).returns<{ path: string }>(),
  /** Writes the labelmap: .nii/.nii.gz, .seg.nrrd/.nrrd (Slicer segment metadata), .h5/.hdf5; format from the name. */
  'segment.export': call(z.object({ volumeId, path: filePath }).strict()).returns<{ path: string }>(),
  /** Reads a labelmap (NIfTI/NRRD, same grid) as segments, one per label value; .seg.nrrd names and colours are kept. */
  'segment.import': call(z.object({ volumeId, path: filePath }).strict()).returns<SegmentationInfo>(),
  /** Saves volumes, segmentations, logs and the renderer's measurements and view state to one project file. */
  'workspace.save': call(z.object({ path: filePath, measurements: z.unknown().optional(), view: z.unknown().optional() }).strict()).returns<{ path: string; savedAt: string }>(),
  /** Reopens a project file's volumes and their segmentations. */
  'workspace.load': call(z.object({ path: filePath }).strict()).returns<WorkspaceLoaded>(),
  /** Autosaves to `path` after every change (debounced); null stops. The renderer keeps measurements/view current through it. */
  'workspace.autosave': call(z.object({ path: filePath.nullable(), measurements: z.unknown().optional(), view: z.unknown().optional() }).strict()).returns<null>(),
  ...surfaceCalls,
};

/** Event streams of the segment domain (event name → payload). */
export interface SegmentEvents {
  /** A segmentation changed: `region` is the box of voxels to refetch (null: table only). */
  'segment.changed': { volumeId: string; revision: number; region: Region | null; info: SegmentationInfo };
  /** An autosave finished (or failed, with `error`). */
  'workspace.saved': { path: string; savedAt: string; error?: string };
}
