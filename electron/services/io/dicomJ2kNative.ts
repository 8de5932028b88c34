// JPEG 2000 frames decoded by the native addon (the vendored OpenJPEG, native/src/j2k_frames.h) instead of OpenJPEG in
// wasm, which decodes one frame at a time on one thread: one addon call per slab decodes all its frames on one thread
// per core. Greyscale 8- and 16-bit frames only; colour frames, or no addon (or one built without OpenJPEG), stay on
// the wasm path in dicomCodecs.ts.
import { availableParallelism } from 'node:os';
import { loadNativeKernels } from '../segment/kernels/native.js';
import { undecodable } from './dicomCodecs.js';
import type { ImageHeader } from './dicomHeader.js';

const decoder = loadNativeKernels()?.decodeJ2kFrames;

export interface EncodedFrame {
  bytes: Uint8Array;
  /** The file and frame, as an error names them. */
  where: string;
  transferSyntax: string;
}

/** What every frame of these images decodes to, when the addon decodes them all in one call: undefined otherwise. */
export function nativeJ2kShape(images: ImageHeader[]): { rows: number; columns: number; width: number } | undefined {
  const [first] = images;
  if (!decoder || !first) return undefined;
  const fits = (image: ImageHeader) =>
    image.encoding === 'j2k' && image.samplesPerPixel === 1 && (image.bitsAllocated === 8 || image.bitsAllocated === 16) && image.rows === first.rows && image.columns === first.columns && image.bitsAllocated === first.bitsAllocated;
  return images.every(fits) ? { rows: first.rows, columns: first.columns, width: first.bitsAllocated / 8 } : undefined;
}

/** Each frame's stored samples (little-endian, `width` bytes each); the first frame that fails is a CorruptFile error naming it. */
export async function decodeJ2kNatively(frames: EncodedFrame[], { rows, columns, width }: { rows: number; columns: number; width: number }): Promise<Uint8Array[]> {
  if (!decoder) throw new Error('decodeJ2kNatively without the addon: ask nativeJ2kShape first');
  const offsets = new Float64Array(frames.length + 1);
  frames.forEach(({ bytes }, i) => (offsets[i + 1] = offsets[i]! + bytes.length));
  const streams = new Uint8Array(offsets[frames.length]!);
  frames.forEach(({ bytes }, i) => streams.set(bytes, offsets[i]));
  const frameBytes = rows * columns * width;
  const stored = new Uint8Array(frames.length * frameBytes);
  const [failed, ...others] = await decoder(streams, offsets, stored, rows, columns, width, availableParallelism());
  if (failed) {
    const { where, transferSyntax } = frames[failed.frame]!;
    throw undecodable(where, transferSyntax, others.length ? `${failed.reason}; ${others.length} more frame(s) of this read failed too` : failed.reason);
  }
  return frames.map((_, i) => stored.subarray(i * frameBytes, (i + 1) * frameBytes));
}
