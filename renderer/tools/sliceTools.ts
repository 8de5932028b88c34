// The drag tools of the slice views, one per registry entry with a drag binding; the compiler holds this list
// and the registry's drag entries to each other.
import type { Vec3, VolumeInfo } from '../../electron/contract';
import type { DragToolId } from '../shortcuts';
import type { SliceCamera, SliceFrame, ZoomPan } from '../views/sliceGeometry';
import type { WindowLevel } from '../views/windowLevel';
import { crosshairTool } from './crosshairTool';
import type { DragTool } from './gesture';
import { panTool } from './panTool';
import { withSegmentTools } from './segmentPointer';
import { windowLevelTool } from './windowLevelTool';

/** What a slice-view tool sees when a drag starts, and what it may change. */
export interface SliceToolContext {
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
}

export const sliceTools: Record<DragToolId, DragTool<SliceToolContext>> = {
  moveCrosshair: withSegmentTools(crosshairTool),
  windowLevel: windowLevelTool,
  pan: panTool,
};
