// The one list of segmentation tools: the Segments panel's buttons, the keys and the slice views' pointer
// handling all read it. Keyed by the contract's tool names (common/segmentOperations.ts): a tool of the
// contract without its renderer tool, or one for no tool, does not compile.
import { eraseTool } from './eraseTool';
import { fillHolesTool } from './fillHolesTool';
import { growFromSeedsTool } from './growFromSeedsTool';
import { growTool } from './growTool';
import { interpolateTool } from './interpolateTool';
import { islandsTool } from './islandsTool';
import { levelTraceTool } from './levelTraceTool';
import { logicalTool } from './logicalTool';
import { morphologyTool } from './morphologyTool';
import { paintTool } from './paintTool';
import { scissorsTool } from './scissorsTool';
import type { AnySegmentTool, SegmentToolId } from './segmentTool';
import { smoothTool } from './smoothTool';
import { thresholdTool } from './thresholdTool';

/** In the order of the panel's buttons. */
const toolsById = {
  paint: paintTool,
  erase: eraseTool,
  scissors: scissorsTool,
  levelTrace: levelTraceTool,
  threshold: thresholdTool,
  grow: growTool,
  growFromSeeds: growFromSeedsTool,
  islands: islandsTool,
  morphology: morphologyTool,
  fillHoles: fillHolesTool,
  interpolate: interpolateTool,
  smooth: smoothTool,
  logical: logicalTool,
} satisfies { [K in SegmentToolId]: AnySegmentTool & { id: K } };

export const segmentTools: readonly AnySegmentTool[] = Object.values(toolsById);

/** Each tool's parameters, by tool. */
export type ToolParams = { [K in SegmentToolId]: (typeof toolsById)[K]['defaults'] };

export const toolById = (id: SegmentToolId): AnySegmentTool => toolsById[id];

export function defaultParams(): ToolParams {
  // Object.fromEntries forgets which key holds which tool's parameters; each entry is its own tool's defaults.
  return Object.fromEntries(segmentTools.map((tool) => [tool.id, { ...tool.defaults }])) as ToolParams;
}
