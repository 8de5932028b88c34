// zarrita's codec registry, with zlib and gzip decoded into a buffer of the chunk's declared size: a small chunk
// that inflates to gigabytes is refused, not allocated. zlib (what Voxbench writes) inflates with the native addon's
// libdeflate where it is built, else with node's zlib in one pass (its 16 KiB default goes back to the JS thread 32
// times for a 64³ uint16 chunk); both on libuv threads. blosc, zstd and lz4 come from numcodecs, as zarrita registers them.
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import * as zarr from 'zarrita';
import { loadNativeKernels, type NativeKernels } from '../segment/kernels/native.js';

/** Thrown by a bounded decoder; the reader turns it into a BadPyramid error naming the chunk. */
export class ChunkInflatesPastShape extends Error {
  constructor(readonly declared: number) {
    super(`the chunk inflates past its declared ${declared} bytes`);
  }
}

type Format = 'zlib' | 'gzip';
type Decode = (bytes: Uint8Array, declared: number) => Promise<Uint8Array>;

let addon: NativeKernels | null | undefined;
const nativeInflater = () => (addon === undefined ? (addon = loadNativeKernels() ?? null) : addon);

function nodeDecoder(format: Format): Decode {
  const decode = promisify(format === 'zlib' ? inflate : gunzip);
  return async (bytes, declared) => {
    const inflated = await decode(bytes, { maxOutputLength: declared, chunkSize: Math.max(declared, 64) }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ERR_BUFFER_TOO_LARGE' ? new ChunkInflatesPastShape(declared) : error;
    });
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  };
}

function nativeZlib(native: NativeKernels): Decode {
  return async (bytes, declared) => {
    // Not zero-filled: the thread that asks would touch every page first (~0.4 ms a 64³ uint16 chunk), libdeflate writes them all.
    const output = Buffer.allocUnsafeSlow(declared);
    const written = await native.inflateZlib(bytes, output);
    if (written === -2) throw new ChunkInflatesPastShape(declared);
    if (written < 0) throw new Error('the zlib stream is damaged');
    return new Uint8Array(output.buffer, output.byteOffset, written);
  };
}

function boundedCodec(format: Format) {
  const native = format === 'zlib' ? nativeInflater() : null;
  const decode = native ? nativeZlib(native) : nodeDecoder(format);
  return {
    kind: 'bytes_to_bytes' as const,
    fromConfig(_config: unknown, { shape, dataType }: { shape: number[]; dataType: string }) {
      // "uint16" → 2 bytes; names without a width (bool) take one byte.
      const width = Number(/\d+$/.exec(dataType)?.[0] ?? 8) / 8;
      const declared = Math.max(shape.reduce((a, b) => a * b, 1) * width, 1);
      return {
        kind: 'bytes_to_bytes' as const,
        encode: () => Promise.reject(new Error(`${format}: Voxbench writes its chunks with its own writer.`)),
        decode: (bytes: Uint8Array) => decode(bytes, declared),
      };
    },
  };
}

let registered = false;

/** Once per thread, before the first read. */
export function registerZarrCodecs(): void {
  if (registered) return;
  registered = true;
  for (const format of ['zlib', 'gzip'] as const) {
    const entry = async () => boundedCodec(format);
    zarr.registry.set(format, entry as never);
    zarr.registry.set(`numcodecs.${format}`, entry as never);
  }
}
