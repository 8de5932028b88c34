// Area and enclosed volume of a closed triangle mesh (divergence theorem), for statistics, tests and export notes.
import type { Mesh } from '../kernels/index.js';

/** Surface area (mm²) and enclosed volume (mm³, positive when the triangles face outward). */
export function meshMeasures({ positions: p, indices }: Mesh): { area: number; volume: number } {
  let area = 0;
  let volume = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const a = 3 * indices[t]!;
    const b = 3 * indices[t + 1]!;
    const c = 3 * indices[t + 2]!;
    const [ax, ay, az] = [p[a]!, p[a + 1]!, p[a + 2]!];
    const [ux, uy, uz] = [p[b]! - ax, p[b + 1]! - ay, p[b + 2]! - az];
    const [vx, vy, vz] = [p[c]! - ax, p[c + 1]! - ay, p[c + 2]! - az];
    const [nx, ny, nz] = [uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx];
    area += Math.hypot(nx, ny, nz) / 2;
    // (a · (b × c)) / 6 = (a · (u × v)) / 6 since a·(a×…) vanishes.
    volume += (ax * nx + ay * ny + az * nz) / 6;
  }
  return { area, volume };
}

/** Axis-aligned bounds of the vertices: [min, max]. */
export function meshBounds(positions: Float32Array): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      const value = positions[i + a]!;
      if (value < min[a]!) min[a] = value;
      if (value > max[a]!) max[a] = value;
    }
  }
  return { min, max };
}
