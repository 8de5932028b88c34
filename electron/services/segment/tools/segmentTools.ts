// The one list of edit kinds on the main side: each segmentation tool of the contract's list
// (common/segmentOperations.ts) and each table change that moves voxels, mapped to its module. A kind without a
// module, or a module for no kind, does not compile.
import type { Edit } from '../edit/edits.js';
import { erase } from './erase.js';
import { fillHoles } from './fillHoles.js';
import { grow } from './grow.js';
import { growFromSeeds } from './growFromSeeds.js';
import { interpolate } from './interpolate.js';
import { islands } from './islands.js';
import { levelTrace } from './levelTrace.js';
import { logical } from './logical.js';
import { morphology } from './morphology.js';
import { paint } from './paint.js';
import { scissors } from './scissors.js';
import { smooth } from './smooth.js';
import { deleteSegment, importLabels, mergeSegments } from './tableEdits.js';
import { threshold } from './threshold.js';
import type { EditModule } from './toolModule.js';

export const segmentTools = {
  paint,
  erase,
  threshold,
  grow,
  growFromSeeds,
  islands,
  morphology,
  fillHoles,
  interpolate,
  smooth,
  logical,
  scissors,
  levelTrace,
  delete: deleteSegment,
  merge: mergeSegments,
  import: importLabels,
} satisfies { [K in Edit['tool']]: EditModule<Extract<Edit, { tool: K }>> };

/** The module of an edit's kind. (The list is keyed by kind, so the module takes this edit; TypeScript cannot follow that through a union.) */
export const toolOf = <E extends Edit>(edit: E): EditModule<E> => segmentTools[edit.tool] as unknown as EditModule<E>;
