// Decoders for DICOM's compressed transfer syntaxes, each loaded on first use: RLE Lossless (PS3.5 Annex G,
// here), JPEG baseline (libjpeg-turbo), 12-bit JPEG (DCMTK's IJG, jpegExtended.ts), JPEG lossless
// (jpeg-lossless-decoder-js), JPEG-LS (CharLS) and JPEG 2000 (OpenJPEG). The three cornerstone WebAssembly codecs
// are Emscripten CommonJS factories: in Node they read their .wasm from beside their own script, so `require` of
// the package's `decodewasmjs` export is all.
import { createRequire } from 'node:module';
import { VoxbenchError } from '../../common/errors.js';
import { decodeJpegExtended, jpegFrame } from './jpegExtended.js';

export type Encoding = 'native' | 'deflate' | 'encapsulated' | 'rle' | 'jpeg' | 'jpegLossless' | 'jpegLs' | 'j2k';

export interface TransferSyntax {
  name: string;
  /** Absent: known by name, not decoded. */
  encoding?: Encoding;
  bigEndian?: boolean;
}

const J = '1.2.840.10008.1.2.4.';

export const TRANSFER_SYNTAXES: Record<string, TransferSyntax> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', encoding: 'native' },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', encoding: 'native' },
  '1.2.840.10008.1.2.1.98': { name: 'Encapsulated Uncompressed Explicit VR Little Endian', encoding: 'encapsulated' },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', encoding: 'deflate' },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', encoding: 'native', bigEndian: true },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', encoding: 'rle' },
  [`${J}50`]: { name: 'JPEG Baseline (Process 1)', encoding: 'jpeg' },
  // Process 2 is baseline's 8-bit DCT (libjpeg-turbo); Process 4's 12-bit streams go to DCMTK's IJG.
  [`${J}51`]: { name: 'JPEG Extended (Process 2 & 4)', encoding: 'jpeg' },
  [`${J}57`]: { name: 'JPEG Lossless, Non-Hierarchical (Process 14)', encoding: 'jpegLossless' },
  [`${J}70`]: { name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])', encoding: 'jpegLossless' },
  [`${J}80`]: { name: 'JPEG-LS Lossless Image Compression', encoding: 'jpegLs' },
  [`${J}81`]: { name: 'JPEG-LS Lossy (Near-Lossless) Image Compression', encoding: 'jpegLs' },
  [`${J}90`]: { name: 'JPEG 2000 Image Compression (Lossless Only)', encoding: 'j2k' },
  [`${J}91`]: { name: 'JPEG 2000 Image Compression', encoding: 'j2k' },
  [`${J}92`]: { name: 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)' },
  [`${J}93`]: { name: 'JPEG 2000 Part 2 Multi-component Image Compression' },
  [`${J}94`]: { name: 'JPIP Referenced' },
  [`${J}95`]: { name: 'JPIP Referenced Deflate' },
  [`${J}100`]: { name: 'MPEG2 Main Profile / Main Level' },
  [`${J}101`]: { name: 'MPEG2 Main Profile / High Level' },
  [`${J}102`]: { name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1' },
  [`${J}103`]: { name: 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1' },
  [`${J}104`]: { name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video' },
  [`${J}105`]: { name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video' },
  [`${J}106`]: { name: 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2' },
  [`${J}107`]: { name: 'HEVC/H.265 Main Profile / Level 5.1' },
  [`${J}108`]: { name: 'HEVC/H.265 Main 10 Profile / Level 5.1' },
  [`${J}110`]: { name: 'JPEG XL Lossless' },
  [`${J}111`]: { name: 'JPEG XL JPEG Recompression' },
  [`${J}112`]: { name: 'JPEG XL' },
  // OpenJPEG ≥ 2.5 reads HTJ2K, but no HTJ2K file was at hand to prove this build does.
  [`${J}201`]: { name: 'High-Throughput JPEG 2000 Image Compression (Lossless Only)' },
  [`${J}202`]: { name: 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)' },
  [`${J}203`]: { name: 'High-Throughput JPEG 2000 Image Compression' },
};

export function transferSyntaxName(uid: string): string {
  return TRANSFER_SYNTAXES[uid]?.name ?? 'not a transfer syntax DICOM defines';
}

/** What one frame should decode to. */
export interface FrameShape {
  rows: number;
  columns: number;
  /** Bytes per sample as stored (BitsAllocated / 8). */
  width: number;
  /** Samples per pixel: 1, or 3 for colour. */
  samples: number;
  /** Pixel Representation 1: two's complement samples. */
  signed?: boolean;
  /** Colour JPEG: the samples are YCbCr, as the Photometric Interpretation says (YBR_*), not RGB (PS3.5 8.2.1). */
  ycbcr?: boolean;
}

/** The cornerstone codecs' shared decoder shape. */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}
type WasmCodec = Record<string, new () => WasmDecoder>;

const require = createRequire(import.meta.url);
// OpenJPEG prints [INFO] lines through Emscripten's stdout: silence them.
const quiet = { print: () => undefined, printErr: () => undefined };
const loaded = new Map<string, Promise<WasmCodec>>();

function loadCodec(specifier: string): Promise<WasmCodec> {
  let codec = loaded.get(specifier);
  if (!codec) {
    codec = (require(specifier) as (module: object) => Promise<WasmCodec>)(quiet);
    loaded.set(specifier, codec);
  }
  return codec;
}

const WASM: Partial<Record<Encoding, { module: string; decoder: string }>> = {
  jpeg: { module: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', decoder: 'JPEGDecoder' },
  jpegLs: { module: '@cornerstonejs/codec-charls/decodewasmjs', decoder: 'JpegLSDecoder' },
  j2k: { module: '@cornerstonejs/codec-openjpeg/decodewasmjs', decoder: 'J2KDecoder' },
};

/**
 * A colour JPEG stream with an Adobe APP14 marker after SOI that says whether its samples are YCbCr, so libjpeg
 * follows the DICOM header instead of guessing from JFIF markers and component IDs (a stream that has its own
 * APP14 keeps the last word).
 */
function withColourTransform(encoded: Uint8Array, ycbcr: boolean): Uint8Array {
  const app14 = [0xff, 0xee, 0x00, 0x0e, ...new TextEncoder().encode('Adobe'), 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, ycbcr ? 1 : 0];
  const out = new Uint8Array(encoded.length + app14.length);
  out.set(encoded.subarray(0, 2));
  out.set(app14, 2);
  out.set(encoded.subarray(2), 2 + app14.length);
  return out;
}

async function decodeWasm(encoding: Encoding, stream: Uint8Array, shape: FrameShape): Promise<Uint8Array> {
  const { module, decoder: name } = WASM[encoding]!;
  const codec = await loadCodec(module);
  const decoder = new codec[name]!();
  const encoded = encoding === 'jpeg' && shape.samples === 3 ? withColourTransform(stream, shape.ycbcr ?? false) : stream;
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== shape.columns || info.height !== shape.rows || info.componentCount !== shape.samples) {
      throw new Error(`it decodes to ${info.width}×${info.height} with ${info.componentCount} samples per pixel, the header says ${shape.columns}×${shape.rows} with ${shape.samples}`);
    }
    // Copied out: the decoded buffer lives in the codec's memory, freed by delete().
    return widen(decoder.getDecodedBuffer().slice(), shape);
  } catch (error) {
    // An Emscripten abort leaves the module unusable: the next frame loads a fresh one.
    if (error instanceof WebAssembly.RuntimeError) loaded.delete(module);
    throw error;
  } finally {
    decoder.delete();
  }
}

/** 8-bit samples of a frame whose header allocates 16 bits, widened; anything else passes through. */
function widen(samples: Uint8Array, { rows, columns, width }: FrameShape): Uint8Array {
  const pixels = rows * columns;
  if (samples.length !== pixels || width === 1) return samples;
  const wide = new Uint8Array(pixels * width);
  for (let i = 0; i < pixels; i++) wide[i * width] = samples[i]!;
  return wide;
}

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array;
  xDim: number;
  yDim: number;
  numComp: number;
}

function decodeJpegLossless(encoded: Uint8Array, shape: FrameShape): Uint8Array {
  const { Decoder } = require('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder };
  const decoder = new Decoder();
  const buffer = encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.byteLength) as ArrayBuffer;
  // Its 16-bit output is a Uint16Array in the platform's order, which is little-endian everywhere Voxbench runs.
  const samples = decoder.decode(buffer, 0, buffer.byteLength, shape.width);
  if (decoder.xDim !== shape.columns || decoder.yDim !== shape.rows || decoder.numComp !== shape.samples) {
    throw new Error(`it decodes to ${decoder.xDim}×${decoder.yDim} with ${decoder.numComp} samples per pixel`);
  }
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, one PackBits segment per byte of a
 * sample, sample after sample, most significant byte first. Output is little-endian, one plane per sample.
 */
export function decodeRle(encoded: Uint8Array, { rows, columns, width, samples }: FrameShape): Uint8Array {
  const pixels = rows * columns;
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  if (encoded.length < 64) throw new Error('its RLE header is cut short');
  const segments = view.getUint32(0, true);
  if (segments !== width * samples) throw new Error(`it has ${segments} RLE segments where ${samples} sample(s) of ${width} byte(s) need ${width * samples}`);
  const out = new Uint8Array(pixels * width * samples);
  for (let segment = 0; segment < segments; segment++) {
    const start = view.getUint32(4 + 4 * segment, true);
    const end = segment + 1 < segments ? view.getUint32(8 + 4 * segment, true) : encoded.length;
    if (start < 64 || start > end || end > encoded.length) throw new Error(`its RLE segment ${segment + 1} lies outside the frame`);
    const plane = Math.floor(segment / width) * pixels * width;
    const byte = width - 1 - (segment % width);
    let [at, pixel] = [start, 0];
    while (at < end && pixel < pixels) {
      const n = (encoded[at++]! << 24) >> 24;
      if (n >= 0) {
        for (let i = 0; i <= n && at < end && pixel < pixels; i++) out[plane + pixel++ * width + byte] = encoded[at++]!;
      } else if (n !== -128) {
        const value = encoded[at++]!;
        for (let i = 0; i < 1 - n && pixel < pixels; i++) out[plane + pixel++ * width + byte] = value;
      }
    }
    if (pixel < pixels) throw new Error(`its RLE segment ${segment + 1} ends after ${pixel} of ${pixels} pixels`);
  }
  return out;
}

/** The error a frame that does not decode becomes; `where` names the file and frame. */
export const undecodable = (where: string, syntax: string, why: string) => new VoxbenchError('CorruptFile', `${where}: its ${transferSyntaxName(syntax)} data cannot be decoded (${why}).`);

/**
 * One frame's samples, little-endian, `rows × columns × width` bytes. `where` names the file and frame for
 * the error a damaged stream becomes.
 */
export async function decodeFrame(encoding: Encoding, encoded: Uint8Array, shape: FrameShape, where: string, syntax: string): Promise<Uint8Array> {
  let samples: Uint8Array;
  const jpeg = encoding === 'jpeg' ? jpegFrame(encoded) : undefined;
  try {
    if (encoding === 'rle') samples = decodeRle(encoded, shape);
    else if (encoding === 'jpegLossless') samples = decodeJpegLossless(encoded, shape);
    else if (jpeg && jpeg.precision > 8) samples = await decodeJpegExtended(encoded, jpeg, shape);
    else if (encoding in WASM) samples = await decodeWasm(encoding, encoded, shape);
    else samples = encoded;
  } catch (error) {
    const why = error instanceof Error ? error.message : typeof error === 'string' ? error : `codec error ${String(error)}`;
    throw undecodable(where, syntax, why);
  }
  const expected = shape.rows * shape.columns * shape.width * shape.samples;
  if (samples.length < expected) {
    throw new VoxbenchError('CorruptFile', `${where}: its ${transferSyntaxName(syntax)} data decodes to ${samples.length} bytes where ${shape.columns}×${shape.rows}×${shape.samples} samples need ${expected}.`);
  }
  return samples.subarray(0, expected);
}
