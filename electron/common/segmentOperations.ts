// The one list of segmentation tools' schemas (one file each in segmentTools/): it derives the operation a
// 'segment.apply' call carries and the log stores, and the per-tool types both sides use. Adding a tool is its
// schema file and one line here.
import { z } from 'zod';
import { eraseSchema } from './segmentTools/erase.js';
import { fillHolesSchema } from './segmentTools/fillHoles.js';
import { growSchema } from './segmentTools/grow.js';
import { growFromSeedsSchema } from './segmentTools/growFromSeeds.js';
import { interpolateSchema } from './segmentTools/interpolate.js';
import { islandsSchema } from './segmentTools/islands.js';
import { levelTraceSchema } from './segmentTools/levelTrace.js';
import { logicalSchema } from './segmentTools/logical.js';
import { morphologySchema } from './segmentTools/morphology.js';
import { paintSchema } from './segmentTools/paint.js';
import { scissorsSchema } from './segmentTools/scissors.js';
import { smoothSchema } from './segmentTools/smooth.js';
import { thresholdSchema } from './segmentTools/threshold.js';

export const toolSchemas = [
  paintSchema,
  eraseSchema,
  thresholdSchema,
  growSchema,
  growFromSeedsSchema,
  islandsSchema,
  morphologySchema,
  fillHolesSchema,
  interpolateSchema,
  smoothSchema,
  logicalSchema,
  scissorsSchema,
  levelTraceSchema,
] as const;

export const operationSchema = z.discriminatedUnion('tool', toolSchemas);

/** An operation as applied (defaults filled in). */
export type Operation = z.output<typeof operationSchema>;
/** An operation as sent (defaults may be left out). */
export type OperationInput = z.input<typeof operationSchema>;
export type ToolName = Operation['tool'];
export type OperationOf<T extends ToolName> = Extract<Operation, { tool: T }>;
export type OperationInputOf<T extends ToolName> = Extract<OperationInput, { tool: T }>;
