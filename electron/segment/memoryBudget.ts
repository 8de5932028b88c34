// How much memory segmentation may hold: VOXBENCH_SEGMENT_MEMORY_MB, else half the machine's. A quarter of it
// keeps labelmap bricks unpacked, half may keep the volume's image whole, and one tool's window gets at most
// one voxel per 16 bytes of it (the labels, the image and the masks a kernel makes).
import { totalmem } from 'node:os';

export interface SegmentMemory {
  totalBytes: number;
  labelBytes: number;
  imageBytes: number;
  windowVoxels: number;
}

export function segmentMemory(totalBytes = Number(process.env.VOXBENCH_SEGMENT_MEMORY_MB ?? 0) * 2 ** 20 || totalmem() / 2): SegmentMemory {
  return { totalBytes, labelBytes: totalBytes / 4, imageBytes: totalBytes / 2, windowVoxels: Math.floor(totalBytes / 16) };
}
