// The table changes that move voxels, as edits of the log: deleting a segment clears its voxels, merging
// relabels them, an import writes labels read from a file or a model. All voxelwise, so piece by piece.
import type { Edit } from '../edit/edits.js';
import { wholeBox } from '../regions.js';
import { missing, noPositions, type EditModule } from './toolModule.js';

type EditOf<K extends Edit['tool']> = Extract<Edit, { tool: K }>;

export const deleteSegment: EditModule<EditOf<'delete'>> = {
  needsImage: () => false,
  plan: (edit, { labelmap }) => ({ kind: 'pieces', box: labelmap.bounds([edit.value]), halo: 0 }),
  inWindow: noPositions,
  run(edit, { labels }) {
    for (let i = 0; i < labels.length; i++) if (labels[i] === edit.value) labels[i] = 0;
    return { added: [] };
  },
};

export const mergeSegments: EditModule<EditOf<'merge'>> = {
  needsImage: () => false,
  plan: (edit, { labelmap }) => ({ kind: 'pieces', box: labelmap.bounds(edit.from), halo: 0 }),
  inWindow: noPositions,
  run(edit, { labels }) {
    const from = new Set(edit.from);
    for (let i = 0; i < labels.length; i++) if (from.has(labels[i]!)) labels[i] = edit.into;
    return { added: [] };
  },
  target: (edit) => edit.into,
};

export const importLabels: EditModule<EditOf<'import'>> = {
  needsImage: () => false,
  plan: (_edit, { labelmap }) => ({ kind: 'pieces', box: wholeBox(labelmap.dims), halo: 0 }),
  inWindow: noPositions,
  run(edit, { labels, locked, imported = missing('import needs its labels') }) {
    const mapping = new Map(edit.mapping);
    for (let i = 0; i < labels.length; i++) {
      const to = mapping.get(imported[i]!);
      if (to !== undefined && !locked.has(labels[i]!)) labels[i] = to;
    }
    return { added: [] };
  },
};
