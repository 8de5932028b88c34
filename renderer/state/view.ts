// What the slice views share: the crosshair cursor (world, LPS) and the window/level; and what each keeps of
// its own: zoom and pan, and the rotation of an oblique plane (none: the orthogonal slice).
import { create } from 'zustand';
import type { Vec3, VolumeInfo } from '../../electron/common/contract';
import { tilted, type Rotation } from '../geometry/obliqueGeometry';
import { FITTED, volumeCentre, type SliceOrientation, type ZoomPan } from '../geometry/sliceGeometry';
import { fullRangeWindow, type WindowLevel } from '../display/windowLevel';

const fitted = (): Record<SliceOrientation, ZoomPan> => ({ axial: FITTED, coronal: FITTED, sagittal: FITTED });

interface ViewState {
  cursor: Vec3;
  windowLevel: WindowLevel;
  zoomPan: Record<SliceOrientation, ZoomPan>;
  rotation: Partial<Record<SliceOrientation, Rotation>>;
  setCursor(cursor: Vec3): void;
  setWindowLevel(windowLevel: WindowLevel): void;
  setZoomPan(orientation: SliceOrientation, view: ZoomPan): void;
  /** Turns a view's plane by `degrees` about the world vector `about`, through the crosshair. */
  tilt(orientation: SliceOrientation, about: Vec3, degrees: number): void;
  /** Back to the orthogonal slice (axial, coronal or sagittal). */
  unrotate(orientation: SliceOrientation): void;
  /** Back to the fitted view: one slice view, or all of them. */
  fit(orientation?: SliceOrientation): void;
  reset(volume: VolumeInfo): void;
}

export const useView = create<ViewState>((set, get) => ({
  cursor: [0, 0, 0],
  windowLevel: { window: 1, level: 0.5 },
  zoomPan: fitted(),
  rotation: {},
  setCursor: (cursor) => set({ cursor }),
  setWindowLevel: (windowLevel) => set({ windowLevel }),
  setZoomPan: (orientation, view) => set({ zoomPan: { ...get().zoomPan, [orientation]: view } }),
  tilt: (orientation, about, degrees) => set({ rotation: { ...get().rotation, [orientation]: tilted(get().rotation[orientation], about, degrees) } }),
  unrotate: (orientation) => set({ rotation: { ...get().rotation, [orientation]: undefined } }),
  fit: (orientation) => set({ zoomPan: orientation ? { ...get().zoomPan, [orientation]: FITTED } : fitted() }),
  reset(volume) {
    // A DICOM series' own window (Window Center/Width) first, as radiology viewers open it.
    const dicomWindow = volume.dicom?.window;
    set({ cursor: volumeCentre(volume), windowLevel: dicomWindow ? { window: dicomWindow.width, level: dicomWindow.center } : fullRangeWindow(volume.range), zoomPan: fitted(), rotation: {} });
  },
}));
