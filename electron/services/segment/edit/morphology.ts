// Distance-based morphology in the volume's unit, composed from the kernels' dilate and erode.
import * as kernels from '../kernels/index.js';
import type { Dims, Mask, Spacing } from '../kernels/index.js';
import { voxelwise } from './labelWrites.js';

export interface Morphology {
  operation: 'dilate' | 'erode' | 'open' | 'close' | 'margin' | 'hollow';
  mm: number;
  shrink: boolean;
}

export function morphology(mask: Mask, dims: Dims, spacing: Spacing, { operation, mm, shrink }: Morphology): Mask {
  const dilate = (m: Mask) => kernels.dilate(m, dims, spacing, mm);
  const erode = (m: Mask) => kernels.erode(m, dims, spacing, mm);
  switch (operation) {
    case 'dilate':
      return dilate(mask);
    case 'erode':
      return erode(mask);
    case 'open':
      return dilate(erode(mask));
    case 'close':
      return erode(dilate(mask));
    case 'margin':
      return shrink ? erode(mask) : dilate(mask);
    case 'hollow': {
      // A shell `mm` thick just inside the surface.
      const core = erode(mask);
      return voxelwise(new Uint8Array(mask.length), (i) => mask[i]! & (1 - core[i]!));
    }
  }
}
