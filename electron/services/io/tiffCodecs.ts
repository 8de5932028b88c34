// Faster TIFF codecs for geotiff, registered in its decoder table: the addon's libdeflate (else Node's zlib) for
// Deflate instead of pako, and an LZW decoder that copies repeated strings with copyWithin (geotiff's builds arrays per code and
// was ~7x slower than tifffile on a noisy 512² uint16 stack). Plus the horizontal predictor, which geotiff
// applies in native (little-endian) order and so gets wrong for big-endian files.
import { constants, inflateSync } from 'node:zlib';
import { addDecoder, BaseDecoder } from 'geotiff';
import { loadNativeKernels } from '../segment/kernels/native.js';
import { ownBuffer } from './rawVoxels.js';

/** Bytes one decoded strip or tile holds at most. */
function blockBytes({ tileWidth, tileHeight, bitsPerSample }: BaseDecoder['parameters']): number {
  const bits = typeof bitsPerSample === 'number' ? [bitsPerSample] : Array.from(bitsPerSample);
  return tileWidth * tileHeight * bits.reduce((sum, n) => sum + Math.ceil(n / 8), 0);
}

const nativeInflate = loadNativeKernels()?.inflateZlib;

/** Whether inflating runs off this thread (the addon loaded): then strips are worth inflating straight into the slab. */
export const inflatesOffThread = Boolean(nativeInflate);

/**
 * Inflates a zlib stream into `output`; the bytes written. A stream the addon refuses goes to Node's zlib with a sync
 * flush: one cut short gives what it holds, as libtiff does (the caller checks the length).
 */
export async function inflateInto(stream: Uint8Array, output: Uint8Array): Promise<number> {
  if (nativeInflate) {
    const written = await nativeInflate(stream, output);
    if (written >= 0) return written;
  }
  const inflated = inflateSync(stream, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: output.length });
  output.set(inflated);
  return inflated.length;
}

class ZlibDecoder extends BaseDecoder {
  override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    const output = new Uint8Array(blockBytes(this.parameters));
    return ownBuffer(output.subarray(0, await inflateInto(new Uint8Array(buffer), output)));
  }
}

const CLEAR = 256;
const END = 257;

/**
 * TIFF LZW (MSB-first codes of 9-12 bits, widened one code early). Each new table entry is the previous
 * string plus one byte, and that string already stands in the output: an entry is just (start, length).
 */
export function lzwDecode(input: Uint8Array, capacity: number): Uint8Array {
  const out = new Uint8Array(capacity);
  const starts = new Int32Array(4096);
  const lengths = new Int32Array(4096);
  const bits = input.length * 8;
  let [position, width, next, written, previousStart, previousLength] = [0, 9, 258, 0, 0, 0];
  while (position + width <= bits && written < capacity) {
    const at = position >>> 3;
    const window = (input[at]! << 16) | ((input[at + 1] ?? 0) << 8) | (input[at + 2] ?? 0);
    const code = (window >>> (24 - (position & 7) - width)) & ((1 << width) - 1);
    position += width;
    if (code === END) break;
    if (code === CLEAR) {
      [width, next, previousLength] = [9, 258, 0];
      continue;
    }
    let length: number;
    if (code < 256) {
      out[written] = code;
      length = 1;
    } else if (code < next) {
      length = Math.min(lengths[code]!, capacity - written);
      out.copyWithin(written, starts[code]!, starts[code]! + length);
    } else if (code === next && previousLength > 0) {
      length = Math.min(previousLength + 1, capacity - written);
      out.copyWithin(written, previousStart, previousStart + Math.min(previousLength, length));
      if (length > previousLength) out[written + previousLength] = out[previousStart]!;
    } else {
      throw new Error(`LZW code ${code} before its table entry (next is ${next})`);
    }
    if (previousLength > 0 && next < 4096) {
      starts[next] = previousStart;
      lengths[next++] = previousLength + 1;
      if (next === (1 << width) - 1 && width < 12) width++;
    }
    [previousStart, previousLength] = [written, length];
    written += length;
  }
  return out.subarray(0, written);
}

class LzwDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    return ownBuffer(lzwDecode(new Uint8Array(buffer), blockBytes(this.parameters)));
  }
}

addDecoder([8, 32946], async () => ZlibDecoder);
addDecoder(5, async () => LzwDecoder);

const UINT = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array } as const;

/** Undoes TIFF predictor 2 (each sample stored as the difference to its left neighbour) on native-order rows. */
export function undoHorizontalDifferencing(block: Uint8Array, rowVoxels: number, voxelBytes: number): void {
  const Row = UINT[voxelBytes as keyof typeof UINT];
  if (!Row) throw new Error(`predictor 2 with ${voxelBytes * 8}-bit samples`);
  const rowBytes = rowVoxels * voxelBytes;
  for (let start = 0; start + rowBytes <= block.length; start += rowBytes) {
    const row = new Row(block.buffer as ArrayBuffer, block.byteOffset + start, rowVoxels);
    for (let i = 1; i < rowVoxels; i++) row[i] = row[i]! + row[i - 1]!;
  }
}
