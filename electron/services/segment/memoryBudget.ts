// How much memory segmentation may hold: VOXBENCH_SEGMENT_MEMORY_MB, else half the machine's. A quarter of it
// keeps labelmap bricks unpacked, half may keep the volume's image whole, and one tool's window gets at most
// one voxel per 16 bytes of it (the labels, the image and the masks a kernel makes).
import { totalmem } from 'node:os';
import { VoxbenchError } from '../../common/errors.js';
import type { Region } from '../../common/segmentCalls.js';
import { boxDims, boxVoxels } from './regions.js';

export interface SegmentMemory {
  totalBytes: number;
  labelBytes: number;
  imageBytes: number;
  windowVoxels: number;
}

export function segmentMemory(totalBytes = Number(process.env.VOXBENCH_SEGMENT_MEMORY_MB ?? 0) * 2 ** 20 || totalmem() / 2): SegmentMemory {
  return { totalBytes, labelBytes: totalBytes / 4, imageBytes: totalBytes / 2, windowVoxels: Math.floor(totalBytes / 16) };
}

/** Work that needs `window` at once refuses when it is larger than the budget allows, saying what and how much. */
export function mustFit(memory: SegmentMemory, window: Region, what: string): void {
  if (boxVoxels(window) <= memory.windowVoxels) return;
  throw new VoxbenchError(
    'TooLargeForMemory',
    `${what} needs ${boxDims(window).join('×')} voxels at once, more than the ${Math.round(memory.totalBytes / 2 ** 20)} MiB of segmentation memory allow (VOXBENCH_SEGMENT_MEMORY_MB).`,
  );
}
