// LPS world positions to continuous voxel indices: the inverse of volume/geometry.ts's indexToWorld.
import type { Vec3 } from '../../../common/contract.js';
import type { Geometry } from '../../volume/geometry.js';

export function worldToVoxel({ spacing, origin, direction }: Geometry, points: Vec3[]): Vec3[] {
  // m = direction · diag(spacing); index = m⁻¹ (world − origin), by the adjugate.
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
