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

/**
 * The addon's decoder for the frames of these images, when it decodes them all in one call (greyscale, 8 or 16 bits,
 * one size): it gives each frame's stored samples (little-endian, as many bytes as allocated), and makes the first
 * frame that fails a CorruptFile error naming it. Undefined otherwise: the wasm path decodes them.
 */
export function nativeJ2kDecoder(images: ImageHeader[]): ((frames: EncodedFrame[]) => Promise<Uint8Array[]>) | undefined {
  const [first] = images;
  if (!decoder || !first) return undefined;
  const fits = (image: ImageHeader) =>
    image.encoding === 'j2k' && image.samplesPerPixel === 1 && (image.bitsAllocated === 8 || image.bitsAllocated === 16) && image.rows === first.rows && image.columns === first.columns && image.bitsAllocated === first.bitsAllocated;
  if (!images.every(fits)) return undefined;
  const [rows, columns, width] = [first.rows, first.columns, first.bitsAllocated / 8];
  return async (frames) => {
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
  };
}
