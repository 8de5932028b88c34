// A recipe: the parametric steps of a segmentation's operation log, in physical units, replayable on any scan.
// Seeds and boxes are LPS world positions (mm), not voxel indices, so the same steps fit a scan of another
// grid; hand strokes (paint, erase, scissors) and imported files are listed as not replayable. Versioned from
// the first version: a reader refuses a version it does not know.
import { z } from 'zod';
import { point } from './segmentTools/fields.js';
import { fillHolesSchema } from './segmentTools/fillHoles.js';
import { growInWorldSchema } from './segmentTools/grow.js';
import { growFromSeedsSchema } from './segmentTools/growFromSeeds.js';
import { interpolateSchema } from './segmentTools/interpolate.js';
import { islandsSchema } from './segmentTools/islands.js';
import { levelTraceInWorldSchema } from './segmentTools/levelTrace.js';
import { logicalSchema } from './segmentTools/logical.js';
import { morphologySchema } from './segmentTools/morphology.js';
import { smoothSchema } from './segmentTools/smooth.js';
import { thresholdInWorldSchema } from './segmentTools/threshold.js';
import type { ToolName } from './segmentOperations.js';

export const RECIPE_VERSION = 1;

const segmentValue = z.number().int().min(1).max(65535);
const rgb = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);
const segmentInfo = z.object({ value: segmentValue, name: z.string(), color: rgb, visible: z.boolean(), locked: z.boolean() }).strict();
/**
 * Each tool's form in a recipe: its schema, with voxel positions as world positions where it names any; null for
 * hand strokes, which belong to the scan they were drawn on. Keyed by tool: a new tool must say its form.
 */
export const recipeForms = {
  paint: null,
  erase: null,
  scissors: null,
  threshold: thresholdInWorldSchema,
  grow: growInWorldSchema,
  growFromSeeds: growFromSeedsSchema,
  islands: islandsSchema,
  morphology: morphologySchema,
  fillHoles: fillHolesSchema,
  interpolate: interpolateSchema,
  smooth: smoothSchema,
  logical: logicalSchema,
  levelTrace: levelTraceInWorldSchema,
} satisfies { [K in ToolName]: z.ZodObject<{ tool: z.ZodLiteral<K> }> | null };

type Forms = typeof recipeForms;
type Replayable = { [K in keyof Forms]: Forms[K] extends null ? never : K }[keyof Forms];

/** The tools a recipe replays. */
export const recipeOperationSchema = z.discriminatedUnion(
  'tool',
  Object.values(recipeForms).filter((form) => form !== null) as [Forms[Replayable], ...Forms[Replayable][]],
);
export type RecipeOperation = z.output<typeof recipeOperationSchema>;
export type RecipeOperationOf<T extends string> = Extract<RecipeOperation, { tool: T }>;

export const recipeStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), segment: segmentInfo }).strict(),
  z.object({ kind: z.literal('update'), value: segmentValue, changes: segmentInfo.pick({ name: true, color: true, locked: true }).partial() }).strict(),
  z.object({ kind: z.literal('delete'), value: segmentValue }).strict(),
  z.object({ kind: z.literal('merge'), into: segmentValue, from: z.array(segmentValue).min(1) }).strict(),
  z.object({ kind: z.literal('tool'), operation: recipeOperationSchema }).strict(),
  /** A model run: the library's model of this name, refused unless its SHA-256 is the one recorded. */
  z.object({ kind: z.literal('model'), model: z.string().min(1), version: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
]);
export type RecipeStep = z.output<typeof recipeStepSchema>;

export const recipeSchema = z
  .object({
    format: z.literal('voxbench-recipe'),
    version: z.literal(RECIPE_VERSION),
    name: z.string().min(1).max(200),
    createdAt: z.string(),
    software: z.object({ name: z.string(), version: z.string() }).strict(),
    /** The scan the steps were recorded on: its name and grid. */
    source: z.object({ name: z.string(), dims: z.tuple([z.number().int(), z.number().int(), z.number().int()]), spacing: point, origin: point, direction: z.array(z.number()).length(9) }).strict(),
    steps: z.array(recipeStepSchema),
    /** Log entries left out, each with its index in the log, its action and why. */
    notReplayable: z.array(z.object({ index: z.number().int().min(0), action: z.string(), reason: z.string() }).strict()),
  })
  .strict();
export type Recipe = z.output<typeof recipeSchema>;
