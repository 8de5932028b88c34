// Keyed rotation of the slice view under the mouse about the crosshair (Slicer's "rotate slice"): tilt the plane
// about the view's own screen axes, 5° a press, or put it back to the orthogonal slice.
import { useLayout } from '../state/layout';
import { useView } from '../state/view';
import { useShortcut } from '../keys/useShortcut';
import type { SliceFrame, SliceOrientation } from '../geometry/sliceGeometry';

/** Degrees a key press turns the plane. */
export const TILT_STEP = 5;

/** Installs the rotation keys for `orientation` while the mouse is over it. */
export function useRotationKeys(orientation: SliceOrientation, frame: SliceFrame | undefined): void {
  const hovered = useLayout((state) => state.hovered) === orientation && frame !== undefined;
  const tilt = (about: 'up' | 'right', steps: number) => frame && useView.getState().tilt(orientation, frame[about], steps * TILT_STEP);
  useShortcut('tiltLeft', () => tilt('up', -1), hovered);
  useShortcut('tiltRight', () => tilt('up', 1), hovered);
  useShortcut('tiltUp', () => tilt('right', -1), hovered);
  useShortcut('tiltDown', () => tilt('right', 1), hovered);
  useShortcut('unrotate', () => useView.getState().unrotate(orientation), hovered);
}
