import type { Dims } from './types.js';

/** Calls visit(neighbour) for each in-volume face neighbour (6-connectivity) of voxel i; the hot loops of grow and fill. */
export function forEachFaceNeighbour(i: number, dims: Dims, visit: (neighbour: number) => void): void {
  const [nx, ny, nz] = dims;
  const x = i % nx;
  const rest = (i - x) / nx;
  const y = rest % ny;
  const z = (rest - y) / ny;
  if (x > 0) visit(i - 1);
  if (x < nx - 1) visit(i + 1);
  if (y > 0) visit(i - nx);
  if (y < ny - 1) visit(i + nx);
  if (z > 0) visit(i - nx * ny);
  if (z < nz - 1) visit(i + nx * ny);
}
