// Taubin's λ|μ smoothing: a shrinking Laplacian step then an inflating one, so the staircase of a voxel mask
// goes away without the mesh shrinking as plain Laplacian smoothing does (Taubin 1995, pass band k_PB = 0.1).
import type { Mesh } from '../kernels/index.js';

const LAMBDA = 0.5;
const MU = 1 / (0.1 - 1 / LAMBDA);

/** Each vertex's neighbours along triangle edges, as compressed rows (start[v]..start[v + 1] in `list`). */
export function vertexNeighbours(vertexCount: number, indices: Uint32Array): { start: Uint32Array; list: Uint32Array } {
  const degree = new Uint32Array(vertexCount + 1);
  for (const vertex of indices) degree[vertex + 1]! += 2;
  for (let v = 0; v < vertexCount; v++) degree[v + 1]! += degree[v]!;
  const start = degree.slice();
  const fill = degree.slice(0, vertexCount);
  const list = new Uint32Array(indices.length * 2);
  for (let t = 0; t < indices.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = indices[t + k]!;
      const b = indices[t + ((k + 1) % 3)]!;
      list[fill[a]!++] = b;
      list[fill[b]!++] = a;
    }
  }
  // Every interior edge is listed twice per end (once per triangle); averaging over duplicates weights them evenly.
  return { start, list };
}

function laplacianStep(from: Float32Array, to: Float32Array, { start, list }: ReturnType<typeof vertexNeighbours>, factor: number): void {
  for (let v = 0; v < start.length - 1; v++) {
    const first = start[v]!;
    const last = start[v + 1]!;
    const [x, y, z] = [from[3 * v]!, from[3 * v + 1]!, from[3 * v + 2]!];
    if (last === first) {
      to.set([x, y, z], 3 * v);
      continue;
    }
    let sx = 0;
    let sy = 0;
    let sz = 0;
    for (let n = first; n < last; n++) {
      const at = 3 * list[n]!;
      sx += from[at]!;
      sy += from[at + 1]!;
      sz += from[at + 2]!;
    }
    const count = last - first;
    to[3 * v] = x + factor * (sx / count - x);
    to[3 * v + 1] = y + factor * (sy / count - y);
    to[3 * v + 2] = z + factor * (sz / count - z);
  }
}

/** `iterations` λ|μ pairs; 0 returns the mesh unchanged. Indices are shared with the input. */
export function taubinSmooth(mesh: Mesh, iterations: number): Mesh {
  if (iterations <= 0) return mesh;
  const neighbours = vertexNeighbours(mesh.positions.length / 3, mesh.indices);
  const positions = mesh.positions.slice();
  const scratch = new Float32Array(positions.length);
  for (let i = 0; i < iterations; i++) {
    laplacianStep(positions, scratch, neighbours, LAMBDA);
    laplacianStep(scratch, positions, neighbours, MU);
  }
  return { positions, indices: mesh.indices };
}
