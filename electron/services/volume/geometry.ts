// Voxbench's world is LPS (x towards the patient's Left, y Posterior, z Superior), as in DICOM and ITK.
// NIfTI stores RAS: the conversion flips the first two world axes, and this file is the only place it does.
// Index order is [i, j, k] = [x fastest, y, z slowest]; world = origin + direction · diag(spacing) · index,
// with `direction` row-major and its column j the unit world vector of index axis j.
import type { Vec3 } from '../../common/contract.js';

export interface Geometry {
  spacing: Vec3;
  origin: Vec3;
  direction: number[];
}

type Matrix4 = number[][];

const RAS_TO_LPS = [-1, -1, 1];

/** Flips a RAS coordinate to LPS or back; `+ 0` keeps -0 out of headers and JSON. */
const flip = (row: number, value: number) => RAS_TO_LPS[row]! * value + 0;

/** Geometry of a 4×4 NIfTI (RAS) affine given as rows. */
export function geometryFromRasAffine(affine: Matrix4): Geometry {
  const spacing: number[] = [];
  const direction = new Array<number>(9).fill(0);
  for (let col = 0; col < 3; col++) {
    const column = [0, 1, 2].map((row) => flip(row, affine[row]![col]!));
    const length = Math.hypot(...column);
    spacing.push(length);
    for (let row = 0; row < 3; row++) direction[row * 3 + col] = length > 0 ? column[row]! / length + 0 : row === col ? 1 : 0;
  }
  const origin = [0, 1, 2].map((row) => flip(row, affine[row]![3]!));
  return { spacing: spacing as Vec3, origin: origin as Vec3, direction };
}

/** The 4×4 NIfTI (RAS) affine, as rows, of a geometry. */
export function rasAffineFromGeometry({ spacing, origin, direction }: Geometry): Matrix4 {
  const rows = [0, 1, 2].map((row) => [
    ...[0, 1, 2].map((col) => flip(row, direction[row * 3 + col]! * spacing[col]!)),
    flip(row, origin[row]!),
  ]);
  return [...rows, [0, 0, 0, 1]];
}

/** World (LPS) position of a continuous voxel index. */
export function indexToWorld({ spacing, origin, direction }: Geometry, index: Vec3): Vec3 {
  return [0, 1, 2].map(
    (row) => origin[row]! + [0, 1, 2].reduce((sum, col) => sum + direction[row * 3 + col]! * spacing[col]! * index[col]!, 0),
  ) as Vec3;
}

/** Continuous voxel indices of LPS world positions: indexToWorld's inverse, through the adjugate (sheared grids too). */
export function worldToVoxel({ spacing, origin, direction }: Geometry, points: Vec3[]): Vec3[] {
  const m = [0, 1, 2].map((r) => [0, 1, 2].map((c) => direction[r * 3 + c]! * spacing[c]!));
  const cofactor = (r: number, c: number) => {
    const [r1, r2] = [0, 1, 2].filter((i) => i !== r) as [number, number];
    const [c1, c2] = [0, 1, 2].filter((i) => i !== c) as [number, number];
    return ((r + c) % 2 ? -1 : 1) * (m[r1]![c1]! * m[r2]![c2]! - m[r1]![c2]! * m[r2]![c1]!);
  };
  const det = [0, 1, 2].reduce((sum, c) => sum + m[0]![c]! * cofactor(0, c), 0);
  const inverse = [0, 1, 2].map((r) => [0, 1, 2].map((c) => cofactor(c, r) / det));
  return points.map((p) => {
    const d = [0, 1, 2].map((k) => p[k]! - origin[k]!);
    return [0, 1, 2].map((r) => inverse[r]!.reduce((sum, value, c) => sum + value * d[c]!, 0)) as Vec3;
  });
}
