// The one list of segmentation tools: the Segments panel's buttons, the keys and the slice views' pointer
// handling all read it.
import { brushTool } from './brushTool';
import { eraserTool } from './eraserTool';
import { fillHolesTool } from './fillHolesTool';
import { growTool } from './growTool';
import { interpolateTool } from './interpolateTool';
import { islandsTool } from './islandsTool';
import { logicalTool } from './logicalTool';
import { morphologyTool } from './morphologyTool';
import { multiGrowTool } from './multiGrowTool';
import { scissorsTool } from './scissorsTool';
import type { SegmentTool, SegmentToolId, ToolParams } from './segmentTool';
import { smoothTool } from './smoothTool';
import { thresholdTool } from './thresholdTool';

export const segmentTools: readonly SegmentTool[] = [
  brushTool,
  eraserTool,
  scissorsTool,
  thresholdTool,
  growTool,
  multiGrowTool,
  islandsTool,
  morphologyTool,
  fillHolesTool,
  interpolateTool,
  smoothTool,
  logicalTool,
];

export const toolById = (id: SegmentToolId): SegmentTool => segmentTools.find((tool) => tool.id === id)!;

export function defaultParams(): Record<SegmentToolId, ToolParams> {
  return Object.fromEntries(segmentTools.map((tool) => [tool.id, { ...tool.defaults }])) as Record<SegmentToolId, ToolParams>;
}
