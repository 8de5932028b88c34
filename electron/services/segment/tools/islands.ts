// Islands: keep the largest, remove small ones, or split islands into new segments (largest keeps the segment);
// it looks at the whole segment, so it works in one window around it.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { maskOf, replaceSegment } from '../edit/labelWrites.js';
import { segmentsBox } from '../edit/windows.js';
import * as kernels from '../kernels/index.js';
import { noPositions, type EditModule } from './toolModule.js';

export const islands: EditModule<OperationOf<'islands'>> = {
  needsImage: () => false,
  plan: (edit, { labelmap }) => ({ kind: 'whole', box: segmentsBox(labelmap, [edit.segment]) }),
  inWindow: noPositions,
  run(edit, { labels, dims, values }) {
    const mask = maskOf(labels, edit.segment);
    // Islands edits its own segment only, so locks and the overwrite rule do not apply.
    const anywhere = { locked: new Set<number>(), overwrite: 'all' as const };
    if (edit.mode === 'keepLargest') replaceSegment(labels, edit.segment, kernels.keepLargestComponent(mask, dims, edit.connectivity), anywhere);
    else if (edit.mode === 'removeSmall') replaceSegment(labels, edit.segment, kernels.removeSmallComponents(mask, dims, edit.connectivity, edit.minVoxels), anywhere);
    else {
      const { labels: components, sizes } = kernels.labelComponents(mask, dims, edit.connectivity);
      // Largest first; ties by component number, so the order is the same on every run.
      const order = [...sizes.keys()].filter((k) => k > 0 && sizes[k]! >= edit.minVoxels).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
      const limit = labels instanceof Uint8Array ? 255 : 65535;
      const free: number[] = [];
      for (let value = 1; value <= limit && free.length < order.length - 1; value++) if (!values.includes(value)) free.push(value);
      const valueOf = new Map(order.map((k, rank) => [k, rank === 0 ? edit.segment : free[rank - 1]]));
      for (let i = 0; i < labels.length; i++) if (mask[i]) labels[i] = valueOf.get(components[i]!) ?? 0;
      return { added: free.filter((value) => [...valueOf.values()].includes(value)) };
    }
    return { added: [] };
  },
};
