// A segment's surface as the user sees it: marching cubes on its mask (cropped to where it is), smoothed,
// decimated for display, in LPS world millimetres. Pure and synchronous: callers run it in a worker.
import type { Vec3 } from '../../../common/contract.js';
import { marchingCubes, type Labels, type Mesh } from '../kernels/index.js';
import { decimate } from './decimate.js';
import { taubinSmooth } from './smooth.js';

/** The labelmap's grid: the volume's (see volume/geometry.ts). */
export interface Grid {
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  /** 3×3 row-major; column j is the LPS direction of index axis j. */
  direction: number[];
}

export interface SurfaceOptions {
  /** Taubin λ|μ iterations; 0 keeps the marching-cubes staircase. */
  smoothing: number;
  /** Decimate meshes above this many triangles (for display). */
  maxTriangles: number;
}

export const defaultSurfaceOptions: SurfaceOptions = { smoothing: 30, maxTriangles: 200_000 };

/** The voxel box holding `label`, or undefined when no voxel has it. */
function boxOf(labels: Labels, dims: Vec3, label: number): { min: Vec3; max: Vec3 } | undefined {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-1, -1, -1];
  const [nx, ny] = dims;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== label) continue;
    const at = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
    for (let a = 0; a < 3; a++) {
      if (at[a]! < min[a]!) min[a] = at[a]!;
      if (at[a]! > max[a]!) max[a] = at[a]!;
    }
  }
  return max[0] < 0 ? undefined : { min, max };
}

/** The label's mask in its box grown by one voxel of background on every side, so the surface closes at the volume's edge. */
function paddedMask(labels: Labels, dims: Vec3, label: number, box: { min: Vec3; max: Vec3 }): { mask: Uint8Array; dims: Vec3; start: Vec3 } {
  const start = box.min.map((v) => v - 1) as Vec3;
  const size = [0, 1, 2].map((a) => box.max[a]! - box.min[a]! + 3) as Vec3;
  const mask = new Uint8Array(size[0] * size[1] * size[2]);
  for (let z = 1; z < size[2] - 1; z++) {
    for (let y = 1; y < size[1] - 1; y++) {
      const from = start[0] + 1 + dims[0] * (start[1] + y + dims[1] * (start[2] + z));
      const to = 1 + size[0] * (y + size[1] * z);
      for (let x = 0; x < size[0] - 2; x++) mask[to + x] = labels[from + x] === label ? 1 : 0;
    }
  }
  return { mask, dims: size, start };
}

/** Moves mesh positions (index · spacing from voxel `start`) to LPS world mm; a mirroring direction flips the winding back outward. */
export function toWorld(mesh: Mesh, grid: Grid, start: Vec3): Mesh {
  const { origin, direction: d, spacing } = grid;
  const shift = start.map((s, a) => s * spacing[a]!);
  const positions = new Float32Array(mesh.positions.length);
  for (let i = 0; i < positions.length; i += 3) {
    const p = [0, 1, 2].map((a) => mesh.positions[i + a]! + shift[a]!);
    for (let row = 0; row < 3; row++) positions[i + row] = origin[row]! + d[3 * row]! * p[0]! + d[3 * row + 1]! * p[1]! + d[3 * row + 2]! * p[2]!;
  }
  const det = d[0]! * (d[4]! * d[8]! - d[5]! * d[7]!) - d[1]! * (d[3]! * d[8]! - d[5]! * d[6]!) + d[2]! * (d[3]! * d[7]! - d[4]! * d[6]!);
  if (det >= 0) return { positions, indices: mesh.indices };
  const indices = mesh.indices.slice();
  for (let t = 0; t < indices.length; t += 3) [indices[t + 1], indices[t + 2]] = [indices[t + 2]!, indices[t + 1]!];
  return { positions, indices };
}

/** The surface of every voxel labelled `label`, in LPS world mm; empty when the segment has no voxels. */
export function segmentSurface(labels: Labels, grid: Grid, label: number, options: SurfaceOptions = defaultSurfaceOptions): Mesh {
  const box = boxOf(labels, grid.dims, label);
  if (!box) return { positions: new Float32Array(0), indices: new Uint32Array(0) };
  const padded = paddedMask(labels, grid.dims, label, box);
  const raw = marchingCubes(padded.mask, padded.dims, grid.spacing, 0.5);
  const shaped = decimate(taubinSmooth(raw, options.smoothing), options.maxTriangles);
  return toWorld(shaped, grid, padded.start);
}
