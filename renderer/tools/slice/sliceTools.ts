// The drag tools of the slice views, one per registry entry with a drag binding; the compiler holds this list
// and the registry's drag entries to each other.
import type { Vec3, VolumeInfo } from '../../../electron/common/contract';
import type { DragToolId } from '../../keys/shortcuts';
import type { LeftTool } from '../../state/measurements';
import type { SliceVoxels } from '../../geometry/measureGeometry';
import type { SliceCamera, SliceFrame, SliceOrientation, ZoomPan } from '../../geometry/sliceGeometry';
import type { WindowLevel } from '../../display/windowLevel';
import { angleTool } from './angleTool';
import { crosshairTool } from './crosshairTool';
import type { DragTool } from './gesture';
import { withHandles } from './measureHandles';
import { panTool } from './panTool';
import { ellipseTool, rectangleTool } from './roiTool';
import { rotateSliceTool } from './rotateSliceTool';
import { rulerTool } from './rulerTool';
import { withPromptTool } from '../segment/promptPointer';
import { withSegmentTools } from '../segment/segmentPointer';
import { windowLevelTool } from './windowLevelTool';

/** What a slice-view tool sees when a drag starts, and what it may change. */
export interface SliceToolContext {
  orientation: SliceOrientation;
  volume: VolumeInfo;
  frame: SliceFrame;
  camera: SliceCamera;
  /** View size in CSS pixels. */
  size: [number, number];
  cursor: Vec3;
  windowLevel: WindowLevel;
  setCursor(cursor: Vec3): void;
  setWindowLevel(windowLevel: WindowLevel): void;
  setZoomPan(view: ZoomPan): void;
  /** Turns the view's plane by `degrees` about the world vector `about`, through the crosshair. */
  tilt(about: Vec3, degrees: number): void;
  /** The finest voxels at hand of the slice on screen, for region statistics. */
  sliceVoxels(): SliceVoxels;
}

export const sliceTools: Record<DragToolId, DragTool<SliceToolContext>> = {
  moveCrosshair: crosshairTool,
  windowLevel: windowLevelTool,
  pan: panTool,
  rotateSlice: rotateSliceTool,
};

const leftTools: Record<LeftTool, DragTool<SliceToolContext>> = {
  crosshair: crosshairTool,
  ruler: rulerTool,
  angle: angleTool,
  ellipse: ellipseTool,
  rectangle: rectangleTool,
};

/**
 * The slice tools with the left button drawing with `left`; a measurement's handle can be dragged with any of them,
 * and a chosen segmentation tool takes the left button first.
 */
export function sliceToolsWith(left: LeftTool): Record<DragToolId, DragTool<SliceToolContext>> {
  return { ...sliceTools, moveCrosshair: withPromptTool(withSegmentTools(withHandles(leftTools[left]))) };
}
