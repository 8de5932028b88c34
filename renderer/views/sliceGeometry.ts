// Pure geometry of the slice views: which way each view looks, which voxel slice it shows, and where a
// world point lands on screen. World is LPS (see electron/volume/geometry.ts).
import type { Vec3, VolumeInfo } from '../../electron/contract';

export type SliceOrientation = 'axial' | 'coronal' | 'sagittal';

/**
 * Radiological convention: axial seen from the feet (patient's left on screen right, anterior up), coronal
 * seen from the front (left on the right, superior up), sagittal seen from the patient's left (anterior
 * on screen left, superior up).
 */
export const orientations: Record<SliceOrientation, { look: Vec3; up: Vec3; letters: [string, string, string, string] }> = {
  axial: { look: [0, 0, 1], up: [0, -1, 0], letters: ['A', 'L', 'P', 'R'] },
  coronal: { look: [0, 1, 0], up: [0, 0, 1], letters: ['S', 'L', 'I', 'R'] },
  sagittal: { look: [-1, 0, 0], up: [0, 0, 1], letters: ['S', 'P', 'I', 'A'] },
};

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

/** Camera of a view: the point it centres on and the half-height it shows, in world units. */
export interface SliceCamera {
  centre: Vec3;
  halfHeight: number;
}

/** The camera that fits the whole slice into a width × height view, centred on the volume. */
export function fitCamera(volume: Geometry, frame: SliceFrame, width: number, height: number): SliceCamera {
  const corners = [0, 1].flatMap((a) => [0, 1].flatMap((b) => [0, 1].map((c) => [a, b, c])));
  const cornerWorld = corners.map(([a, b, c]) =>
    indexToWorld(volume, [a, b, c].map((end, axis) => (end ? volume.dims[axis]! - 0.5 : -0.5)) as Vec3),
  );
  const extent = (direction: Vec3) => {
    const values = cornerWorld.map((corner) => dot(corner, direction));
    return Math.max(...values) - Math.min(...values);
  };
  const halfHeight = (Math.max(extent(frame.up), (extent(frame.right) * height) / width) / 2) * FIT_MARGIN;
  return { centre: volumeCentre(volume), halfHeight };
}

/** Screen position (pixels from the top left) of a world point. */
export function worldToScreen(camera: SliceCamera, frame: SliceFrame, width: number, height: number, world: Vec3): [number, number] {
  const pixelsPerUnit = height / 2 / camera.halfHeight;
  const offset = sub(world, camera.centre);
  return [width / 2 + dot(offset, frame.right) * pixelsPerUnit, height / 2 - dot(offset, frame.up) * pixelsPerUnit];
}

/** World point under a screen position, on the plane through `onPlane` that the view shows. */
export function screenToWorld(camera: SliceCamera, frame: SliceFrame, width: number, height: number, [x, y]: [number, number], onPlane: Vec3): Vec3 {
  const unitsPerPixel = (2 * camera.halfHeight) / height;
  const inPlane = add(scale(frame.right, (x - width / 2) * unitsPerPixel), scale(frame.up, (height / 2 - y) * unitsPerPixel));
  const depth = dot(sub(onPlane, camera.centre), frame.look);
  return add(add(camera.centre, inPlane), scale(frame.look, depth));
}
