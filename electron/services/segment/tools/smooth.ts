// Smoothing: the median's box or the Gaussian (truncated at 4 sigma, kernels/smoothing.ts) looks a few voxels
// away, so it works piece by piece, each piece read with that many slices around it.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { maskOf, replaceSegment } from '../edit/labelWrites.js';
import { segmentsBox } from '../edit/windows.js';
import * as kernels from '../kernels/index.js';
import { noPositions, type EditModule } from './toolModule.js';

export const smooth: EditModule<OperationOf<'smooth'>> = {
  needsImage: () => false,
  plan(edit, { labelmap, spacing }) {
    const margin = edit.method === 'median' ? [0, 1, 2].map(() => edit.radiusVoxels + 1) : spacing.map((s) => Math.floor((4 * edit.sigmaMm) / s + 0.5) + 1);
    return { kind: 'pieces', box: segmentsBox(labelmap, [edit.segment], margin), halo: margin[2]! };
  },
  inWindow: noPositions,
  run(edit, { labels, dims, geometry, locked }) {
    const mask = maskOf(labels, edit.segment);
    const smoothed = edit.method === 'median' ? kernels.medianFilter(mask, dims, edit.radiusVoxels) : kernels.gaussianSmooth(mask, dims, geometry.spacing, edit.sigmaMm);
    replaceSegment(labels, edit.segment, smoothed, { locked, overwrite: edit.overwrite });
    return { added: [] };
  },
};
