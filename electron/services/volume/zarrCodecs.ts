// zarrita's codec registry, with zlib and gzip decoded by node's zlib and stopped at the chunk's declared size: a
// small chunk that inflates to gigabytes is refused, not allocated. blosc, zstd and lz4 come from numcodecs, as
// zarrita registers them.
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import * as zarr from 'zarrita';

const decoders = { zlib: promisify(inflate), gzip: promisify(gunzip) };

/** Thrown by a bounded decoder; the reader turns it into a BadPyramid error naming the chunk. */
export class ChunkInflatesPastShape extends Error {
  constructor(readonly declared: number) {
    super(`the chunk inflates past its declared ${declared} bytes`);
  }
}

interface ChunkShape {
  shape: number[];
  dataType: string;
}

function boundedCodec(format: keyof typeof decoders) {
  return {
    kind: 'bytes_to_bytes' as const,
    fromConfig(_config: unknown, { shape, dataType }: ChunkShape) {
      // "uint16" → 2 bytes; names without a width (bool) take one byte.
      const width = Number(/\d+$/.exec(dataType)?.[0] ?? 8) / 8;
      const declared = shape.reduce((a, b) => a * b, 1) * width;
      return {
        kind: 'bytes_to_bytes' as const,
        encode: () => Promise.reject(new Error(`${format}: Voxbench writes its chunks with its own writer.`)),
        decode: async (bytes: Uint8Array) => {
          const inflated = await decoders[format](bytes, { maxOutputLength: Math.max(declared, 1) }).catch((error: NodeJS.ErrnoException) => {
            throw error.code === 'ERR_BUFFER_TOO_LARGE' ? new ChunkInflatesPastShape(declared) : error;
          });
          return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
        },
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
