import { VoxelQueue } from './growable.js';
import type { Dims, Mask } from './types.js';

/**
 * scipy.ndimage.binary_fill_holes: everything not reached from the border through face-connected background
 * becomes mask. With `perSliceAxis` each slice across that axis is filled on its own (4-connected in the slice).
 */
export function fillHoles(mask: Mask, dims: Dims, perSliceAxis?: 0 | 1 | 2): Mask {
  const [nx, ny, nz] = dims;
  const outside = new Uint8Array(mask.length);
  const queue = new VoxelQueue();
  const strides = [1, nx, nx * ny];
  const reach = (i: number) => {
    if (!mask[i] && !outside[i]) {
      outside[i] = 1;
      queue.push(i);
    }
  };
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const onBorder =
          ((x === 0 || x === nx - 1) && perSliceAxis !== 0) || ((y === 0 || y === ny - 1) && perSliceAxis !== 1) || ((z === 0 || z === nz - 1) && perSliceAxis !== 2);
        if (onBorder) reach(i);
      }
    }
  }
  while (!queue.empty) {
    const i = queue.shift();
    const x = i % nx;
    const rest = (i - x) / nx;
    const y = rest % ny;
    const z = (rest - y) / ny;
    const at = [x, y, z];
    for (let axis = 0; axis < 3; axis++) {
      if (axis === perSliceAxis) continue;
      if (at[axis]! > 0) reach(i - strides[axis]!);
      if (at[axis]! < dims[axis]! - 1) reach(i + strides[axis]!);
    }
  }
  const filled = new Uint8Array(mask.length);
  for (let i = 0; i < filled.length; i++) filled[i] = outside[i] ? 0 : 1;
  return filled;
}
