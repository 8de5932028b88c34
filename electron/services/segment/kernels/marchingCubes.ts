import { Growable } from './growable.js';
import { triangleTable } from './marchingCubesTable.js';
import type { Dims, Mesh, Scalars, Spacing } from './types.js';

// Bourke's 12 cube edges as [corner offset dx, dy, dz, edge axis]: the edge starts at that corner and runs along the axis.
const EDGES: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 0, 0], [1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 0, 1],
  [0, 0, 1, 0], [1, 0, 1, 1], [0, 1, 1, 0], [0, 0, 1, 1],
  [0, 0, 0, 2], [1, 0, 0, 2], [1, 1, 0, 2], [0, 1, 0, 2],
];
// Bourke's corner numbering as (dx, dy, dz).
const CORNERS: readonly (readonly [number, number, number])[] = [
  [0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1],
];

/**
 * Iso-surface at `level` (table-driven marching cubes). Vertices on a cube edge are shared between the cubes
 * around it (two slices of edge caches), positions are index * spacing, triangles face toward lower values.
 */
export function marchingCubes(volume: Scalars, dims: Dims, spacing: Spacing, level: number): Mesh {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const positions = new Growable((n) => new Float32Array(n));
  const indices = new Growable((n) => new Uint32Array(n));
  // cache[axis][layer][x + nx * y]: vertex on the edge starting there, layer 0 = slice z, 1 = slice z + 1 (z-edges: layer 0 only).
  const cache: Int32Array[][] = [0, 1, 2].map(() => [new Int32Array(plane).fill(-1), new Int32Array(plane).fill(-1)]);
  const cornerOffsets = CORNERS.map(([dx, dy, dz]) => dx + nx * (dy + ny * dz));

  const edges = EDGES.map(([dx, dy, dz, axis]) => ({ dx, dy, dz, axis, layer: axis === 2 ? 0 : dz, along: [1, nx, plane][axis]! }));
  const [sx, sy, sz] = spacing;
  const vertexOn = (edge: number, x: number, y: number, z: number): number => {
    const { dx, dy, dz, axis, layer, along } = edges[edge]!;
    const at = x + dx + nx * (y + dy);
    const layerCache = cache[axis]![layer]!;
    const cached = layerCache[at]!;
    if (cached >= 0) return cached;
    const start = at + plane * (z + dz);
    const t = (level - volume[start]!) / (volume[start + along]! - volume[start]!);
    const vertex = positions.length / 3;
    positions.push((x + dx + (axis === 0 ? t : 0)) * sx);
    positions.push((y + dy + (axis === 1 ? t : 0)) * sy);
    positions.push((z + dz + (axis === 2 ? t : 0)) * sz);
    layerCache[at] = vertex;
    return vertex;
  };

  for (let z = 0; z + 1 < nz; z++) {
    for (let y = 0; y + 1 < ny; y++) {
      for (let x = 0; x + 1 < nx; x++) {
        const base = x + nx * (y + ny * z);
        let code = 0;
        for (let c = 0; c < 8; c++) {
          if (volume[base + cornerOffsets[c]!]! < level) code |= 1 << c;
        }
        if (code === 0 || code === 255) continue;
        const triangles = triangleTable[code]!;
        // Bourke's winding (counter-clockwise seen from the lower values) already faces outward.
        for (let k = 0; k < triangles.length; k++) indices.push(vertexOn(triangles[k]!, x, y, z));
      }
    }
    for (const [axis, layers] of cache.entries()) {
      const [lower, upper] = layers as [Int32Array, Int32Array];
      if (axis === 2) lower.fill(-1);
      else cache[axis] = [upper, lower.fill(-1)];
    }
  }
  return { positions: positions.result(), indices: indices.result() };
}
