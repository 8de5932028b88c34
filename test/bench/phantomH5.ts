// The smooth uint16 phantom the by-hand in-place runs publish (a ball in a sinusoidal field), written by h5py (gzip,
// 64³ chunks) one 64-slice slab at a time, so a volume larger than memory can be made.
import { execFileSync } from 'node:child_process';

const PHANTOM = `
import sys, h5py, numpy as np
path, nx, ny, nz = sys.argv[1], *map(int, sys.argv[2:5])
with h5py.File(path, 'w') as f:
    d = f.create_dataset('data', (nz, ny, nx), 'uint16', chunks=(64, 64, 64), compression='gzip', compression_opts=1)
    y, x = np.ogrid[-1:1:ny * 1j, -1:1:nx * 1j]
    for z0 in range(0, nz, 64):
        z = np.linspace(-1, 1, nz)[z0:z0 + 64, None, None]
        ball = (x * x + y * y + z * z < 0.8)
        d[z0:z0 + 64] = (1000 + 1500 * ball + 400 * np.sin(9 * x) * np.cos(7 * y) * np.cos(5 * z)).astype(np.uint16)`;

/** Writes the phantom of nx × ny × nz voxels (HDF5 dataset `data`, z slowest) to `path`. */
export function writePhantomH5(path: string, [nx, ny, nz]: [number, number, number]): void {
  execFileSync('/usr/bin/python3', ['-c', PHANTOM, path, String(nx), String(ny), String(nz)]);
}
