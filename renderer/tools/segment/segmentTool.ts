// What every segmentation tool is: a name, an icon, a key from the shortcut registry, its parameters (which the
// Segments panel draws from `fields`), and pure handlers that turn parameters and what the user pointed at into
// one contract operation. As excalidraw's actions: the registry (segmentTools.ts) is the one list.
import type { Events, ParamsOf, ResultOf, Vec3, VolumeInfo } from '../../../electron/common/contract';
import type { KeyShortcutId } from '../../keys/shortcuts';

/** The segment domain's contract types, as the renderer may see them (through the contract). */
export type SegmentationInfo = ResultOf<'segment.info'>;
export type SegmentInfo = SegmentationInfo['segments'][number];
export type OperationInput = ParamsOf<'segment.apply'>['operation'];
export type Region = NonNullable<Events['segment.changed']['region']>;

export type SegmentToolId =
  | 'brush'
  | 'eraser'
  | 'threshold'
  | 'grow'
  | 'multiGrow'
  | 'islands'
  | 'morphology'
  | 'fillHoles'
  | 'interpolate'
  | 'smooth'
  | 'logical'
  | 'scissors';

export type ParamValue = number | string | boolean | [number, number];
export type ToolParams = Record<string, ParamValue>;

/** One parameter as the panel shows it. */
export type ParamField =
  | { key: string; label: string; kind: 'number'; min: number; max: number; step: number; unit?: 'mm' }
  | { key: string; label: string; kind: 'choice'; options: readonly (readonly [string, string])[] }
  | { key: string; label: string; kind: 'check' }
  /** Another segment of the table. */
  | { key: string; label: string; kind: 'segment' }
  /** An intensity range, chosen on the histogram. */
  | { key: string; label: string; kind: 'range' };

/** What a tool's handlers see besides its parameters. */
export interface ToolContext {
  /** The volume at full resolution (the labelmap's grid). */
  volume: VolumeInfo;
  segments: SegmentInfo[];
  active?: number;
  seeds: Vec3[];
}

/** How a tool is used in a slice view: a drag that paints, a click that places seeds, a drawn polygon; or only the panel's Apply. */
export type Pointing = 'stroke' | 'seed' | 'polygon' | 'none';

/** What a pointer tool drew in a slice view: world points (LPS mm) in the plane across index axis `axis` at voxel slice `slice`. */
export interface Drawn {
  axis: number;
  slice: number;
  points: Vec3[];
}

export interface SegmentTool {
  id: SegmentToolId;
  label: string;
  /** A short glyph for the tool button. */
  icon: string;
  key?: KeyShortcutId;
  pointing: Pointing;
  defaults: ToolParams;
  fields: readonly ParamField[];
  /** A long tool: the panel shows an Apply button (and progress, and Cancel while it runs). */
  applies: boolean;
  /** The operation for Apply, or for what was drawn; undefined when the input does not allow one (the reason is `blocked`). */
  operation(params: ToolParams, context: ToolContext, drawn?: Drawn): OperationInput | undefined;
  /** Why the tool cannot run now, in words (no segment, too few seeds…). */
  blocked?(params: ToolParams, context: ToolContext): string | undefined;
}

/** Every tool but the multi-label ones writes into the active segment. */
export const needsActive = (_params: ToolParams, { active }: ToolContext) => (active === undefined ? 'Add or pick a segment first.' : undefined);

export const overwriteField = { key: 'overwrite', label: 'Write into', kind: 'choice', options: [['all', 'any unlocked voxel'], ['empty', 'empty voxels only']] } as const;

export const axisOptions = [['2', 'axial (k)'], ['1', 'coronal (j)'], ['0', 'sagittal (i)']] as const;
