import { flood, stepsIn } from './flood.js';
import type { Dims, Mask } from './types.js';

/**
 * scipy.ndimage.binary_fill_holes: everything not reached from the border through face-connected background
 * becomes mask. With `perSliceAxis` each slice across that axis is filled on its own (4-connected in the slice).
 */
export function fillHoles(mask: Mask, dims: Dims, perSliceAxis?: 0 | 1 | 2): Mask {
  const faces: [number, number, number][] = [[-1, 0, 0], [1, 0, 0], [0, -1, 0], [0, 1, 0], [0, 0, -1], [0, 0, 1]];
  const steps = stepsIn(dims, faces.filter((step) => perSliceAxis === undefined || step[perSliceAxis] === 0));
  const outside = new Uint8Array(mask.length);
  flood(outside, borderVoxels(dims, perSliceAxis), dims, steps, (i) => !mask[i]);
  const filled = new Uint8Array(mask.length);
  for (let i = 0; i < filled.length; i++) filled[i] = outside[i] ? 0 : 1;
  return filled;
}

/** Voxels on the volume's faces, leaving out the two faces across `perSliceAxis`. */
function* borderVoxels([nx, ny, nz]: Dims, perSliceAxis?: 0 | 1 | 2): Generator<number> {
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (((x === 0 || x === nx - 1) && perSliceAxis !== 0) || ((y === 0 || y === ny - 1) && perSliceAxis !== 1) || ((z === 0 || z === nz - 1) && perSliceAxis !== 2)) yield i;
      }
    }
  }
}
