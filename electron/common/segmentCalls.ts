// The contract entries of the segment domain (segments, tools, undo, statistics, import/export, workspace),
// spread into contract.ts's one table. Params stay small: strokes are point lists, never voxel arrays;
// the labelmap itself travels as bytes at SegmentationInfo.labels.
import { z } from 'zod';
import type { Vec3, VolumeInfo } from './wire.js';
import { call } from './call.js';
import { surfaceCalls } from './surfaceCalls.js';

const point = z.tuple([z.number(), z.number(), z.number()]);
const voxel = z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]);
const rgb = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);
const range = z.tuple([z.number(), z.number()]);
const axis = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const connectivity = z.union([z.literal(6), z.literal(18), z.literal(26)]);
const segment = z.number().int().min(1).max(65535);
const mm = z.number().positive().max(1000);

/** A box of voxel indices: min included, max excluded, [x, y, z]. */
export interface Region {
  min: Vec3;
  max: Vec3;
}

/** Where painting may write: anywhere not locked ('all'), or only into background ('empty'). Locked segments are never overwritten. */
const overwrite = z.enum(['all', 'empty']).default('all');

/** The most centres one stroke (and so one log entry) holds. */
export const MAX_STROKE_POINTS = 10000;

/** A brush stroke: a disc in the plane across `axis` (a slice view's normal) or a sphere, `radiusMm` in the volume's unit. */
const stroke = {
  shape: z.enum(['disc', 'sphere']),
  /** Index axis the disc lies across (0 = sagittal, 1 = coronal, 2 = axial slice); ignored for spheres. */
  axis: axis.default(2),
  radiusMm: mm,
  /** Centres along the stroke, as continuous voxel indices ('voxel') or LPS world positions ('world'). */
  points: z.array(point).min(1).max(MAX_STROKE_POINTS),
  space: z.enum(['voxel', 'world']).default('voxel'),
  /** Paint only where the image value lies in [lo, hi]. */
  intensityRange: range.optional(),
  /**
   * One id per drag: a stroke sent in pieces while the user drags. A piece with the stroke id of the last step, the
   * same parameters, starting at its last point, continues that step (one log entry, one undo; see strokeSteps.ts).
   */
  stroke: z.string().min(1).max(64).optional(),
};

export const operationSchema = z.discriminatedUnion('tool', [
  z.object({ tool: z.literal('paint'), segment, ...stroke, overwrite }).strict(),
  /** Erases `segment` only, or every unlocked segment when it is absent. */
  z.object({ tool: z.literal('erase'), segment: segment.optional(), ...stroke }).strict(),
  /** `segment` becomes the voxels whose value lies in `range` (inside `region` if given). */
  z.object({ tool: z.literal('threshold'), segment, range, region: z.object({ min: voxel, max: voxel }).strict().optional(), overwrite }).strict(),
  /** Seeded region growing: voxels connected to the seeds whose value lies in `range` join `segment`. */
  z.object({ tool: z.literal('grow'), segment, seeds: z.array(voxel).min(1).max(10000), range, connectivity: connectivity.default(6), overwrite }).strict(),
  /** Multi-label grow: the painted voxels of `segments` are seeds; every voxel (within `range` if given) takes the seed that reaches it cheapest. */
  z.object({ tool: z.literal('growFromSeeds'), segments: z.array(segment).min(2).max(1000), range: range.optional() }).strict(),
  /** keepLargest / removeSmall (under `minVoxels`) within `segment`; split gives each island its own new segment. */
  z.object({ tool: z.literal('islands'), segment, mode: z.enum(['keepLargest', 'removeSmall', 'split']), minVoxels: z.number().int().min(1).default(1000), connectivity: connectivity.default(26) }).strict(),
  /** Distance-based, in mm. margin grows by `mm` (shrinks when `shrink`); hollow keeps a shell `mm` thick inside the surface. */
  z.object({ tool: z.literal('morphology'), segment, operation: z.enum(['dilate', 'erode', 'open', 'close', 'margin', 'hollow']), mm, shrink: z.boolean().default(false), overwrite }).strict(),
  /** Fills enclosed holes in 3-D, or slice by slice across `perSliceAxis`. */
  z.object({ tool: z.literal('fillHoles'), segment, perSliceAxis: axis.optional(), overwrite }).strict(),
  /** Fills the slices between sparsely painted slices across `axis`. */
  z.object({ tool: z.literal('interpolate'), segment, axis, overwrite }).strict(),
  /** median: (2r+1)³ box of `radiusVoxels`; gaussian: `sigmaMm`. */
  z.object({ tool: z.literal('smooth'), segment, method: z.enum(['median', 'gaussian']), radiusVoxels: z.number().int().min(1).max(20).default(1), sigmaMm: mm.default(1), overwrite }).strict(),
  /** `segment` := segment ∪ other, segment ∩ other, segment − other, NOT segment, copy of other, or nothing. */
  z.object({ tool: z.literal('logical'), segment, operation: z.enum(['union', 'intersect', 'subtract', 'invert', 'copy', 'clear']), other: segment.optional(), overwrite }).strict(),
  /**
   * Cuts by a polygon drawn in a slice view: `polygon` holds [u, v] voxel indices in the plane across `axis`
   * (u, v = the other two axes in increasing order). 'slice' cuts only slice `slice`; 'volume' cuts straight through.
   * 'erase' clears `segment` (or every unlocked segment) inside/outside; 'fill' paints `segment` there.
   */
  z
    .object({
      tool: z.literal('scissors'),
      segment: segment.optional(),
      axis,
      polygon: z.array(z.tuple([z.number(), z.number()])).min(3).max(10000),
      side: z.enum(['inside', 'outside']),
      action: z.enum(['erase', 'fill']),
      extent: z.enum(['slice', 'volume']),
      slice: z.number().int().min(0).default(0),
    })
    .strict(),
]);

export type Operation = z.output<typeof operationSchema>;
export type OperationInput = z.input<typeof operationSchema>;
export type Tool = Operation['tool'];

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
