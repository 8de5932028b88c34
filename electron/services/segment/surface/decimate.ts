// Decimation for display by vertex clustering (Lindstrom 2000): vertices merge per grid cell, and each cell's
// vertex goes where it best fits the planes of its triangles (a quadric), so the shape and its volume hold.
import type { Mesh } from '../kernels/index.js';
import { meshBounds, meshMeasures } from './measure.js';

/** Quadric per cell: A (6, symmetric 3×3), b (3), plus the vertex sum (3) and count for the fallback. */
const STRIDE = 13;

/** Solves (A + εI) x = ε m − b, pulling x toward the cell's mean m along the directions no plane fixes. */
function bestPosition(q: Float64Array, o: number, cell: number): [number, number, number] {
  const count = q[o + 12]!;
  const m = [q[o + 9]! / count, q[o + 10]! / count, q[o + 11]! / count];
  const trace = q[o]! + q[o + 3]! + q[o + 5]!;
  const eps = 1e-3 * trace + 1e-12;
  const [a, b, c, d, e, f] = [q[o]! + eps, q[o + 1]!, q[o + 2]!, q[o + 3]! + eps, q[o + 4]!, q[o + 5]! + eps];
  const r = [eps * m[0]! - q[o + 6]!, eps * m[1]! - q[o + 7]!, eps * m[2]! - q[o + 8]!] as const;
  // Symmetric [[a b c] [b d e] [c e f]], solved by Cramer's rule.
  const det = a * (d * f - e * e) - b * (b * f - c * e) + c * (b * e - c * d);
  if (!(Math.abs(det) > 1e-30)) return m as [number, number, number];
  const x = (r[0] * (d * f - e * e) - b * (r[1] * f - e * r[2]) + c * (r[1] * e - d * r[2])) / det;
  const y = (a * (r[1] * f - e * r[2]) - r[0] * (b * f - c * e) + c * (b * r[2] - r[1] * c)) / det;
  const z = (a * (d * r[2] - r[1] * e) - b * (b * r[2] - r[1] * c) + r[0] * (b * e - c * d)) / det;
  // A nearly singular fit can throw the vertex far away: keep it near its cell.
  return Math.hypot(x - m[0]!, y - m[1]!, z - m[2]!) > cell ? (m as [number, number, number]) : [x, y, z];
}

/** Clusters vertices on a grid of `cell` mm; triangles that collapse or repeat go. */
export function clusterVertices({ positions, indices }: Mesh, cell: number): Mesh {
  const { min } = meshBounds(positions);
  const cellOf = new Map<number, number>();
  const vertexCount = positions.length / 3;
  const cluster = new Uint32Array(vertexCount);
  for (let v = 0; v < vertexCount; v++) {
    const i = Math.floor((positions[3 * v]! - min[0]) / cell);
    const j = Math.floor((positions[3 * v + 1]! - min[1]) / cell);
    const k = Math.floor((positions[3 * v + 2]! - min[2]) / cell);
    const key = i + 1e5 * (j + 1e5 * k);
    let id = cellOf.get(key);
    if (id === undefined) cellOf.set(key, (id = cellOf.size));
    cluster[v] = id;
  }
  const q = new Float64Array(cellOf.size * STRIDE);
  for (let v = 0; v < vertexCount; v++) {
    const o = cluster[v]! * STRIDE;
    for (let a = 0; a < 3; a++) q[o + 9 + a]! += positions[3 * v + a]!;
    q[o + 12]! += 1;
  }
  const terms = new Float64Array(9);
  for (let t = 0; t < indices.length; t += 3) {
    const p = 3 * indices[t]!;
    const r = 3 * indices[t + 1]!;
    const s = 3 * indices[t + 2]!;
    const [ux, uy, uz] = [positions[r]! - positions[p]!, positions[r + 1]! - positions[p + 1]!, positions[r + 2]! - positions[p + 2]!];
    const [wx, wy, wz] = [positions[s]! - positions[p]!, positions[s + 1]! - positions[p + 1]!, positions[s + 2]! - positions[p + 2]!];
    let [nx, ny, nz] = [uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx];
    const length = Math.hypot(nx, ny, nz);
    if (length === 0) continue;
    const area = length / 2;
    [nx, ny, nz] = [nx / length, ny / length, nz / length];
    const dist = -(nx * positions[p]! + ny * positions[p + 1]! + nz * positions[p + 2]!);
    terms.set([nx * nx, nx * ny, nx * nz, ny * ny, ny * nz, nz * nz, nx * dist, ny * dist, nz * dist]);
    for (const corner of [p, r, s]) {
      const o = cluster[corner / 3]! * STRIDE;
      for (let k = 0; k < 9; k++) q[o + k]! += area * terms[k]!;
    }
  }
  const kept = new Uint32Array(indices.length);
  let length = 0;
  const seen = new Set<number | string>();
  // A sorted triple as one number while it fits in 53 bits, else as text.
  const cells = cellOf.size;
  const numeric = cells ** 3 < Number.MAX_SAFE_INTEGER;
  for (let t = 0; t < indices.length; t += 3) {
    const a = cluster[indices[t]!]!;
    const b = cluster[indices[t + 1]!]!;
    const c = cluster[indices[t + 2]!]!;
    if (a === b || b === c || a === c) continue;
    const low = Math.min(a, b, c);
    const high = Math.max(a, b, c);
    const mid = a + b + c - low - high;
    const key = numeric ? (low * cells + mid) * cells + high : `${low},${mid},${high}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.set([a, b, c], length);
    length += 3;
  }
  // Only cells some triangle still uses become vertices.
  const renumber = new Int32Array(cellOf.size).fill(-1);
  const out: number[] = [];
  const triangles = kept.subarray(0, length);
  for (let i = 0; i < triangles.length; i++) {
    const id = triangles[i]!;
    if (renumber[id]! < 0) {
      renumber[id] = out.length / 3;
      out.push(...bestPosition(q, id * STRIDE, cell));
    }
    triangles[i] = renumber[id]!;
  }
  return { positions: Float32Array.from(out), indices: triangles.slice() };
}

/** Brings the mesh near `targetTriangles` (never adds any); a mesh already small enough comes back as is. */
export function decimate(mesh: Mesh, targetTriangles: number): Mesh {
  const triangles = mesh.indices.length / 3;
  if (triangles <= targetTriangles) return mesh;
  // A surface of area A cut by cells of side h yields about 3A/h² triangles.
  const cell = Math.sqrt((3 * meshMeasures(mesh).area) / targetTriangles);
  return clusterVertices(mesh, cell);
}
