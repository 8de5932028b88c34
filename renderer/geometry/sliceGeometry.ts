// Pure geometry of the slice views: which way each view looks, which voxel slice it shows, and where a
// world point lands on screen. World is LPS (see electron/volume/geometry.ts).
import type { Vec3, VolumeInfo } from '../../electron/common/contract';

export type SliceOrientation = 'axial' | 'coronal' | 'sagittal';

/**
 * Radiological convention: axial seen from the feet (patient's left on screen right, anterior up), coronal
 * seen from the front (left on the right, superior up), sagittal seen from the patient's left (anterior
 * on screen left, superior up).
 */
export const orientations: Record<SliceOrientation, { name: string; look: Vec3; up: Vec3; letters: [string, string, string, string] }> = {
  axial: { name: 'Axial', look: [0, 0, 1], up: [0, -1, 0], letters: ['A', 'L', 'P', 'R'] },
  coronal: { name: 'Coronal', look: [0, 1, 0], up: [0, 0, 1], letters: ['S', 'L', 'I', 'R'] },
  sagittal: { name: 'Sagittal', look: [-1, 0, 0], up: [0, 0, 1], letters: ['S', 'P', 'I', 'A'] },
};

/** LPS letters as a sample's axes: L/R are ±x, P/A ±y, S/I ±z (a tomogram has no patient to face). */
const SAMPLE_AXES: Record<string, string> = { L: '+x', R: '−x', P: '+y', A: '−y', S: '+z', I: '−z' };

/** An LPS letter in the volume's frame: the patient's side, or a sample's axis. */
export const axisLabel = (letter: string, frame: 'patient' | 'sample' = 'patient') => (frame === 'sample' ? (SAMPLE_AXES[letter] ?? letter) : letter);

/** A view's edge labels in the volume's frame: patient letters, or a sample's axes. */
export function edgeLabels(letters: readonly [string, string, string, string], frame: 'patient' | 'sample' = 'patient'): [string, string, string, string] {
  return letters.map((letter) => (frame === 'sample' ? [...letter].map((one) => axisLabel(one, frame)).join(' ') : letter)) as [string, string, string, string];
}

/** Slices fill the view with this much room to spare. */
export const FIT_MARGIN = 1.05;

type Geometry = Pick<VolumeInfo, 'dims' | 'spacing' | 'origin' | 'direction'>;

export const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const normalise = (a: Vec3): Vec3 => scale(a, 1 / Math.hypot(...a));

export function axisDirection(volume: Geometry, axis: number): Vec3 {
  return [volume.direction[axis]!, volume.direction[3 + axis]!, volume.direction[6 + axis]!];
}

export function indexToWorld(volume: Geometry, index: Vec3): Vec3 {
  return [0, 1, 2].reduce((world, axis) => add(world, scale(axisDirection(volume, axis), volume.spacing[axis]! * index[axis]!)), volume.origin);
}

export function worldToIndex(volume: Geometry, world: Vec3): Vec3 {
  const offset = sub(world, volume.origin);
  return [0, 1, 2].map((axis) => dot(axisDirection(volume, axis), offset) / volume.spacing[axis]!) as Vec3;
}

export function volumeCentre(volume: Geometry): Vec3 {
  return indexToWorld(volume, volume.dims.map((n) => (n - 1) / 2) as Vec3);
}

/** How a slice view shows a volume: the index axis it slices, and the camera that looks at it face-on. */
export interface SliceFrame {
  /** Index axis the view slices through (0 = i, 1 = j, 2 = k). */
  axis: number;
  /** Unit vectors of the screen: right, up, and the viewing direction (into the screen). */
  right: Vec3;
  up: Vec3;
  look: Vec3;
}

export function sliceFrame(volume: Geometry, orientation: SliceOrientation): SliceFrame {
  const want = orientations[orientation];
  const axis = [0, 1, 2].reduce((best, candidate) =>
    Math.abs(dot(axisDirection(volume, candidate), want.look)) > Math.abs(dot(axisDirection(volume, best), want.look)) ? candidate : best,
  );
  const along = axisDirection(volume, axis);
  const look = dot(along, want.look) >= 0 ? along : scale(along, -1);
  const up = normalise(sub(want.up, scale(look, dot(want.up, look))));
  return { axis, look, up, right: cross(look, up) };
}

/** Nearest voxel slice under a world point, clamped to the volume. */
export function sliceIndex(volume: Geometry, frame: SliceFrame, world: Vec3): number {
  const index = Math.round(worldToIndex(volume, world)[frame.axis]!);
  return Math.min(volume.dims[frame.axis]! - 1, Math.max(0, index));
}

/** How far a user has zoomed and panned a slice view, over the fitted camera. */
export interface ZoomPan {
  /** Magnification over the fitted view: 2 shows half the height. */
  zoom: number;
  /** Offset of the view's centre along the screen's right and up, in world units (mm). */
  pan: [number, number];
}

export const FITTED: ZoomPan = { zoom: 1, pan: [0, 0] };
export const ZOOM_LIMITS: [number, number] = [0.25, 64];

/** Camera of a view: the point the fitted view centres on, the half-height it shows unzoomed, and the user's zoom and pan. */
export interface SliceCamera extends ZoomPan {
  centre: Vec3;
  halfHeight: number;
}

/** The camera that fits the whole slice into a width × height view, centred on the volume, then zoomed and panned. */
export function fitCamera(volume: Geometry, frame: SliceFrame, width: number, height: number, view: ZoomPan = FITTED): SliceCamera {
  const corners = [0, 1].flatMap((a) => [0, 1].flatMap((b) => [0, 1].map((c) => [a, b, c])));
  const cornerWorld = corners.map(([a, b, c]) =>
    indexToWorld(volume, [a, b, c].map((end, axis) => (end ? volume.dims[axis]! - 0.5 : -0.5)) as Vec3),
  );
  const extent = (direction: Vec3) => {
    const values = cornerWorld.map((corner) => dot(corner, direction));
    return Math.max(...values) - Math.min(...values);
  };
  const halfHeight = (Math.max(extent(frame.up), (extent(frame.right) * height) / width) / 2) * FIT_MARGIN;
  return { centre: volumeCentre(volume), halfHeight, zoom: view.zoom, pan: view.pan };
}

/** What the camera shows: the world point at the view's centre and the half-height in world units. */
export function shownArea(camera: SliceCamera, frame: SliceFrame): { centre: Vec3; halfHeight: number } {
  const centre = add(camera.centre, add(scale(frame.right, camera.pan[0]), scale(frame.up, camera.pan[1])));
  return { centre, halfHeight: camera.halfHeight / camera.zoom };
}

/** World units per screen pixel. */
export function unitsPerPixel(camera: SliceCamera, height: number): number {
  return (2 * camera.halfHeight) / camera.zoom / height;
}

/** Screen position (pixels from the top left) of a world point. */
export function worldToScreen(camera: SliceCamera, frame: SliceFrame, width: number, height: number, world: Vec3): [number, number] {
  const shown = shownArea(camera, frame);
  const pixelsPerUnit = height / 2 / shown.halfHeight;
  const offset = sub(world, shown.centre);
  return [width / 2 + dot(offset, frame.right) * pixelsPerUnit, height / 2 - dot(offset, frame.up) * pixelsPerUnit];
}

/** World point under a screen position, on the plane through `onPlane` that the view shows. */
export function screenToWorld(camera: SliceCamera, frame: SliceFrame, width: number, height: number, [x, y]: [number, number], onPlane: Vec3): Vec3 {
  const shown = shownArea(camera, frame);
  const perPixel = unitsPerPixel(camera, height);
  const inPlane = add(scale(frame.right, (x - width / 2) * perPixel), scale(frame.up, (height / 2 - y) * perPixel));
  const depth = dot(sub(onPlane, shown.centre), frame.look);
  return add(add(shown.centre, inPlane), scale(frame.look, depth));
}

/** Zoom by `factor` keeping the world point under the screen position `at` where it is (as maps and VolView do). */
export function zoomAbout(camera: SliceCamera, frame: SliceFrame, width: number, height: number, factor: number, at: [number, number]): ZoomPan {
  const zoom = Math.min(ZOOM_LIMITS[1], Math.max(ZOOM_LIMITS[0], camera.zoom * factor));
  const under = sub(screenToWorld(camera, frame, width, height, at, camera.centre), camera.centre);
  const perPixel = (2 * camera.halfHeight) / zoom / height;
  return {
    zoom,
    pan: [dot(under, frame.right) - (at[0] - width / 2) * perPixel, dot(under, frame.up) - (height / 2 - at[1]) * perPixel],
  };
}

/** Drag the image by (dx, dy) screen pixels: it follows the mouse. */
export function panByPixels(camera: SliceCamera, height: number, [dx, dy]: [number, number]): ZoomPan {
  const perPixel = unitsPerPixel(camera, height);
  return { zoom: camera.zoom, pan: [camera.pan[0] - dx * perPixel, camera.pan[1] + dy * perPixel] };
}

/**
 * The cursor moved `slices` voxel slices along the view's direction (positive: away from the viewer), stopping
 * at the first and last slice: Page Down at the end stays there, and a cursor outside the volume comes back in.
 */
export function stepAlong(volume: Geometry, frame: SliceFrame, cursor: Vec3, slices: number): Vec3 {
  const along = axisDirection(volume, frame.axis);
  const sign = dot(along, frame.look) >= 0 ? 1 : -1;
  const index = worldToIndex(volume, cursor)[frame.axis]!;
  const target = Math.min(volume.dims[frame.axis]! - 1, Math.max(0, index + sign * slices));
  return add(cursor, scale(along, (target - index) * volume.spacing[frame.axis]!));
}
