// Oblique slice views, as Slicer's "rotate slice" and ITK-SNAP's oblique mode: a view's orthogonal frame turned
// by a rotation about the crosshair. The plane always passes through the cursor; the rotation only turns it.
import type { Vec3 } from '../../electron/common/contract';
import { cross, dot, type SliceFrame } from './sliceGeometry';

/** A rotation of world space, row-major 3 × 3. */
export type Rotation = readonly [number, number, number, number, number, number, number, number, number];

export const IDENTITY: Rotation = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** The rotation by `degrees` about the unit `axis`, right-handed (Rodrigues' formula). */
export function rotationAbout(axis: Vec3, degrees: number): Rotation {
  const length = Math.hypot(...axis);
  const [x, y, z] = axis.map((value) => value / length) as Vec3;
  const angle = (degrees * Math.PI) / 180;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c];
}

/** `a` after `b`: the rotation that applies `b` first. */
export function compose(a: Rotation, b: Rotation): Rotation {
  return [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => a[row * 3]! * b[col]! + a[row * 3 + 1]! * b[3 + col]! + a[row * 3 + 2]! * b[6 + col]!)) as unknown as Rotation;
}

export function rotate(rotation: Rotation, v: Vec3): Vec3 {
  return [0, 1, 2].map((row) => rotation[row * 3]! * v[0] + rotation[row * 3 + 1]! * v[1] + rotation[row * 3 + 2]! * v[2]) as Vec3;
}

/** The orthogonal frame turned by `rotation`; the index axis stays, for slice steps of one voxel's spacing. */
export function obliqueFrame(frame: SliceFrame, rotation: Rotation | undefined): SliceFrame {
  if (!rotation) return frame;
  return { axis: frame.axis, right: rotate(rotation, frame.right), up: rotate(rotation, frame.up), look: rotate(rotation, frame.look) };
}

/** Tilting a view: its rotation turned further by `degrees` about one of its own screen axes (world vector). */
export function tilted(rotation: Rotation | undefined, about: Vec3, degrees: number): Rotation {
  return compose(rotationAbout(about, degrees), rotation ?? IDENTITY);
}

/**
 * Where another view's plane cuts this view: the line's unit direction on screen (x right, y down), or undefined
 * when the planes are parallel.
 */
export function intersectionOnScreen(frame: SliceFrame, other: SliceFrame): [number, number] | undefined {
  const along = cross(frame.look, other.look);
  const x = dot(along, frame.right);
  const y = -dot(along, frame.up);
  const length = Math.hypot(x, y);
  return length < 1e-6 ? undefined : [x / length, y / length];
}

/** The patient direction a world (LPS) vector points most along: 'L', 'R', 'P', 'A', 'S' or 'I'. */
function letterOf(v: Vec3): string {
  const axis = [0, 1, 2].reduce((best, n) => (Math.abs(v[n]!) > Math.abs(v[best]!) ? n : best));
  return ['LR', 'PA', 'SI'][axis]![v[axis]! >= 0 ? 0 : 1]!;
}

/** Orientation letters of a (tilted) frame, top, right, bottom, left: the nearest patient direction, as ITK-SNAP shows. */
export function frameLetters(frame: SliceFrame): [string, string, string, string] {
  const down = frame.up.map((value) => -value) as Vec3;
  const left = frame.right.map((value) => -value) as Vec3;
  return [letterOf(frame.up), letterOf(frame.right), letterOf(down), letterOf(left)];
}
