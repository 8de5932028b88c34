// What every edit kind is on the main side: whether it reads the image, how it plans the windows it works on,
// how it reads inside one window, and its run on that window's labels. The list (segmentTools.ts) maps each
// kind to its module; edit/edits.ts looks them up, so nothing else switches over the kinds.
import { VoxbenchError } from '../../../common/errors.js';
import type { RecipeOperationOf } from '../../../common/recipe.js';
import type { Region } from '../../../common/segmentCalls.js';
import type { Geometry } from '../../volume/geometry.js';
import type { Edit } from '../edit/edits.js';
import type { Plan } from '../edit/windows.js';
import type { Dims, Labels, Scalars, Spacing } from '../kernels/index.js';
import type { Labelmap } from '../labelmap.js';
import type { Grid } from './worldPositions.js';

/** What a run sees: one window's labels (changed in place) and image, and the table around it. */
export interface ToolInput {
  labels: Labels;
  dims: Dims;
  geometry: Geometry;
  image?: Scalars;
  locked: ReadonlySet<number>;
  /** Label values in the table, for new segments (split islands). */
  values: number[];
  /** The labels an 'import' edit brings in. */
  imported?: Labels;
}

/**
 * Segment values an edit added to the table (islands split into new segments); `bounds` holds every change when
 * the tool knows it; `reach` is the box of a growing tool's region (its window widens while it touches a side).
 */
export type EditOutcome = { added: number[]; bounds?: Region; reach?: Region | null };

/** What planning sees: the whole labelmap (for segments' boxes), the voxel size, and whether the whole volume fits one window. */
export interface PlanContext {
  labelmap: Labelmap;
  spacing: Spacing;
  wholeFits: boolean;
}

export interface EditModule<E extends Edit> {
  /** Does this edit read the image's intensities? (Only then is the volume read for it.) */
  needsImage(edit: E): boolean;
  /** The edit with its positions in voxels, when it may name them in world space (done once, before planning). */
  inVoxels?(edit: E, geometry: Geometry): E;
  /** The windows it needs on this labelmap. */
  plan(edit: E, context: PlanContext): Plan;
  /** The edit as it reads inside `window`: its voxel positions counted from the window's corner. */
  inWindow(edit: E, window: Region): E;
  run(edit: E, input: ToolInput): EditOutcome;
  /** The segment it writes, when that is not its `segment` field. */
  target?(edit: E): number | undefined;
  /** Segments it names besides its target and `other`; each must exist. */
  alsoNamed?(edit: E): number[];
  /** Its form in a recipe, for an edit that names voxels: those as world positions (else the edit is its own form). */
  toWorld?(edit: E, geometry: Geometry): RecipeOperationOf<E['tool']>;
  /** A recipe's form of it as the edit on the scan `grid` (the inverse of toWorld). */
  inGrid?(operation: RecipeOperationOf<E['tool']>, grid: Grid): E;
}

/** An edit that names no voxel positions reads the same in every window. */
export const noPositions = <E>(edit: E): E => edit;

/** The image, which a tool that reads intensities cannot run without. */
export const imageOf = (input: ToolInput, tool: string): Scalars => input.image ?? missing(`${tool} needs the image`);

export function missing(what: string): never {
  throw new VoxbenchError('BadOperation', what);
}
