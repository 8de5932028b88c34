// Binary STL: 80-byte header, triangle count, then per triangle its unit normal, three vertices and a zero
// attribute word. STL holds one unnamed solid, so several segments go into it together.
import type { Mesh } from '../kernels/index.js';

export function writeStl(meshes: readonly Mesh[], title: string): Uint8Array {
  const triangles = meshes.reduce((sum, mesh) => sum + mesh.indices.length / 3, 0);
  const bytes = new Uint8Array(84 + 50 * triangles);
  const view = new DataView(bytes.buffer);
  // The header must not start with "solid", or readers take the file for ASCII STL.
  bytes.set(new TextEncoder().encode(`Voxbench ${title}, LPS mm`.slice(0, 80)));
  view.setUint32(80, triangles, true);
  let at = 84;
  for (const { positions: p, indices } of meshes) {
    for (let t = 0; t < indices.length; t += 3) {
      const corners = [0, 1, 2].map((k) => 3 * indices[t + k]!);
      const [a, b, c] = corners as [number, number, number];
      const u = [0, 1, 2].map((i) => p[b + i]! - p[a + i]!);
      const v = [0, 1, 2].map((i) => p[c + i]! - p[a + i]!);
      const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
      const length = Math.hypot(n[0]!, n[1]!, n[2]!) || 1;
      for (const value of [...n.map((x) => x / length), ...corners.flatMap((corner) => [p[corner]!, p[corner + 1]!, p[corner + 2]!])]) {
        view.setFloat32(at, value, true);
        at += 4;
      }
      at += 2;
    }
  }
  return bytes;
}
