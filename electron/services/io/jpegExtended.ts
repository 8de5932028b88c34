// JPEG streams of more than 8 bits per sample (JPEG Extended, Process 4: 12 bits): DCMTK's IJG decoder compiled
// to WebAssembly in dcmjs-codecs, loaded on first use. libjpeg-turbo's build reads 8-bit streams only, so the
// stream's own precision (its SOF header, as dcmdjpeg scans it) picks the decoder, not the DICOM header.
import { createRequire } from 'node:module';
import type { FrameShape } from './dicomCodecs.js';

/** What a JPEG stream's frame header (SOFn) says. */
export interface JpegFrame {
  precision: number;
  rows: number;
  columns: number;
  components: number;
}

/** The frame header of a JPEG stream, found by walking its markers from SOI; undefined where there is none. */
export function jpegFrame(stream: Uint8Array): JpegFrame | undefined {
  const u16 = (at: number) => (stream[at]! << 8) | stream[at + 1]!;
  if (stream[0] !== 0xff || stream[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 1 < stream.length) {
    if (stream[at] !== 0xff) return undefined;
    const marker = stream[at + 1]!;
    // 0xFF fill bytes may precede a marker (ITU T.81 B.1.1.2).
    if (marker === 0xff) at += 1;
    else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) at += 2;
    else if (marker === 0xda || marker === 0xd9) return undefined;
    else if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      if (at + 10 > stream.length) return undefined;
      return { precision: stream[at + 4]!, rows: u16(at + 5), columns: u16(at + 7), components: stream[at + 9]! };
    } else at += 2 + u16(at + 2);
  }
  return undefined;
}

/** A whole stream ends in EOI, perhaps followed by a fragment's padding; IJG fills a cut-short stream with grey instead of failing. */
function endsWithEoi(stream: Uint8Array): boolean {
  let end = stream.length;
  while (end > 0 && (stream[end - 1] === 0x00 || stream[end - 1] === 0xff)) end--;
  return end >= 2 && stream[end - 2] === 0xff && stream[end - 1] === 0xd9;
}

interface DcmjsCodecs {
  NativeCodecs: { initializeAsync(): Promise<void>; decodeJpeg(context: object): { getDecodedBuffer(): Uint8Array } };
  Context: new (attributes: object) => object;
}

const require = createRequire(import.meta.url);
let loaded: Promise<DcmjsCodecs> | undefined;

// Node finds the .wasm beside the package's own script (dcmjs-codecs reads it from its __dirname).
function loadCodecs(): Promise<DcmjsCodecs> {
  loaded ??= (async () => {
    const codecs = require('dcmjs-codecs') as DcmjsCodecs;
    await codecs.NativeCodecs.initializeAsync();
    return codecs;
  })();
  return loaded;
}

/** One frame of a JPEG stream of 9 to 16 bits: little-endian 16-bit samples. */
export async function decodeJpegExtended(stream: Uint8Array, frame: JpegFrame, shape: FrameShape): Promise<Uint8Array> {
  if (frame.rows !== shape.rows || frame.columns !== shape.columns || frame.components !== shape.samples) {
    throw new Error(`its JPEG stream holds ${frame.columns}×${frame.rows} with ${frame.components} samples per pixel, the header says ${shape.columns}×${shape.rows} with ${shape.samples}`);
  }
  if (shape.width !== 2) throw new Error(`its JPEG stream has ${frame.precision}-bit samples where the header allocates ${shape.width * 8} bits`);
  if (!endsWithEoi(stream)) throw new Error('its JPEG stream ends without an End of Image marker: it is cut short');
  const { NativeCodecs, Context } = await loadCodecs();
  const context = new Context({
    width: shape.columns,
    height: shape.rows,
    bitsAllocated: 16,
    // The codec picks its 8, 12 or 16-bit IJG build from this: the stream's precision, as dcmdjpeg does.
    bitsStored: frame.precision,
    samplesPerPixel: 1,
    pixelRepresentation: shape.signed ? 1 : 0,
    photometricInterpretation: 'MONOCHROME2',
    encodedBuffer: stream,
  });
  try {
    return NativeCodecs.decodeJpeg(context).getDecodedBuffer().slice();
  } catch (error) {
    // A codec exception unwinds through the module without freeing what it held: the next frame loads a fresh one.
    loaded = undefined;
    throw error;
  }
}
