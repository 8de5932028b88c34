// Level tracing: the region of one slice, face-connected to the seed, at or above the seed's value, holes filled.
// It needs that whole slice, so it works in one window one voxel thick.
import type { OperationOf } from '../../../common/segmentOperations.js';
import { addToSegment } from '../edit/labelWrites.js';
import { shiftPoints } from '../edit/windows.js';
import * as kernels from '../kernels/index.js';
import { wholeBox } from '../regions.js';
import { imageOf, type EditModule } from './toolModule.js';
import { voxelsAt, worldOf } from './worldPositions.js';

type LevelTrace = OperationOf<'levelTrace'>;

export const levelTrace: EditModule<LevelTrace> = {
  needsImage: () => true,
  plan(edit, { labelmap: { dims } }) {
    const box = wholeBox(dims);
    [box.min[edit.axis], box.max[edit.axis]] = [edit.seed[edit.axis], edit.seed[edit.axis] + 1];
    return { kind: 'whole', box };
  },
  inWindow: (edit, window) => ({ ...edit, seed: shiftPoints([edit.seed], window.min)[0]! }),
  run(edit, input) {
    const { labels, dims, locked } = input;
    const image = imageOf(input, edit.tool);
    const [x, y, z] = edit.seed;
    const seed = x + dims[0] * (y + dims[1] * z);
    // In a window one voxel thick, 6-connectivity is the slice's 4-connectivity.
    const region = kernels.growRegion(image, dims, [seed], [image[seed]!, Infinity], 6);
    const traced = kernels.fillHoles(region, dims, edit.axis);
    addToSegment(labels, edit.segment, traced, { locked, overwrite: edit.overwrite });
    return { added: [] };
  },
  toWorld: ({ seed, ...rest }, geometry) => ({ ...rest, seedMm: worldOf(geometry, [seed])[0]! }),
  inGrid: ({ seedMm, ...rest }, grid) => ({ ...rest, seed: voxelsAt(grid, [seedMm], 'Seed')[0]! }),
};
