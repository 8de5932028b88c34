// What every segmentation tool is: a name, an icon, a key from the shortcut registry, its parameters (which the
// Segments panel draws from `fields`), and pure handlers that turn parameters and what the user pointed at into
// one contract operation. As excalidraw's actions: the registry (segmentTools.ts) is the one list.
import type { Events, ParamsOf, ResultOf, Vec3, VolumeInfo } from '../../../electron/common/contract';
import type { OperationInputOf, ToolName } from '../../../electron/common/segmentOperations';
import type { KeyShortcutId } from '../../keys/shortcuts';

/** The segment domain's contract types, as the renderer may see them (through the contract). */
export type SegmentationInfo = ResultOf<'segment.info'>;
export type SegmentInfo = SegmentationInfo['segments'][number];
export type OperationInput = ParamsOf<'segment.apply'>['operation'];
export type Region = NonNullable<Events['segment.changed']['region']>;

/** The renderer's tools are the contract's tools, by the same names (electron/common/segmentOperations.ts). */
export type SegmentToolId = ToolName;

export type ParamValue = number | string | boolean | [number, number];
/** Any tool's parameters, as the panel and the store see them. */
export type ToolValues = Readonly<Record<string, ParamValue>>;

/** Each tool's operation, by tool (a lookup, so a tool of one kind is also a tool of any kind). */
type OperationFor = { [K in SegmentToolId]: OperationInputOf<K> };

/** Parameters a tool's panel holds as its operation names them (the rest come from the context or what was drawn). */
export type ParamsFrom<T extends SegmentToolId, K extends keyof OperationInputOf<T>> = Required<Pick<OperationInputOf<T>, K>>;

/** One parameter as the panel shows it. */
export type ParamField<P = ToolValues> = { key: keyof P & string; label: string } & (
  /** `unit: 'mm'`: a length in world units, labelled with the volume's own unit (mm, µm, voxels). */
  | { kind: 'number'; min: number; max: number; step: number; unit?: 'mm' }
  /** One of `options`: [value, what the user reads]. */
  | { kind: 'choice'; options: readonly (readonly [string | number, string])[] }
  | { kind: 'check' }
  /** Another segment of the table (0: none). */
  | { kind: 'segment' }
  /** An intensity range, chosen on the histogram. */
  | { kind: 'range' }
);

/** What a tool's handlers see besides its parameters. */
export interface ToolContext {
  /** The volume at full resolution (the labelmap's grid). */
  volume: VolumeInfo;
  segments: SegmentInfo[];
  active?: number;
  seeds: Vec3[];
}

/** How a tool is used in a slice view: a drag that paints, a click that places seeds, a click that applies it, a drawn polygon; or only the panel's Apply. */
export type Pointing = 'stroke' | 'seed' | 'click' | 'polygon' | 'none';

/** What a pointer tool drew in a slice view: world points (LPS mm) in the plane across index axis `axis` at voxel slice `slice`. */
export interface Drawn {
  axis: 0 | 1 | 2;
  slice: number;
  points: Vec3[];
  /** The stroke id a live stroke's pieces share (strokePieces.ts). */
  stroke?: string;
}

export interface SegmentTool<T extends SegmentToolId = SegmentToolId, P = ToolValues> {
  id: T;
  label: string;
  /** A short glyph for the tool button. */
  icon: string;
  key?: KeyShortcutId;
  pointing: Pointing;
  defaults: P;
  fields: readonly ParamField<P>[];
  /** A long tool: the panel shows an Apply button (and progress, and Cancel while it runs). */
  applies: boolean;
  /** The operation for Apply, or for what was drawn; undefined when the input does not allow one (the reason is `blocked`). */
  operation(params: P, context: ToolContext, drawn?: Drawn): OperationFor[T] | undefined;
  /** Why the tool cannot run now, in words (no segment, too few seeds…). */
  blocked?(params: P, context: ToolContext): string | undefined;
}

/**
 * A tool seen without its own parameter type: what the list, the panel and the pointer handle. An interface of its
 * own, so TypeScript compares each tool with it member by member (a tool's field keys make SegmentTool invariant).
 */
export interface AnySegmentTool extends SegmentTool<SegmentToolId, ToolValues> {
  id: SegmentToolId;
}

/** Every tool but the multi-label ones writes into the active segment. */
export const needsActive = (_params: unknown, { active }: ToolContext) => (active === undefined ? 'Add or pick a segment first.' : undefined);

export const overwriteField = { key: 'overwrite', label: 'Write into', kind: 'choice', options: [['all', 'any unlocked voxel'], ['empty', 'empty voxels only']] } as const;

export const axisOptions = [[2, 'axial (k)'], [1, 'coronal (j)'], [0, 'sagittal (i)']] as const;
