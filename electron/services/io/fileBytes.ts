// Random access to a file's bytes, read from disk on demand; gzip files are inflated as a stream, so memory
// holds what one read asks for, never the whole inflated file.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { VoxbenchError } from '../../common/errors.js';
import { cannotOpen, openForReading, readAt } from './rawVoxels.js';

export interface FileBytes {
  /** The file's size; for gzip, the most its stream can inflate to (readers check headers against it). */
  size: number;
  /** True for gzip: `size` is then a bound, and a stream shorter than a header promises shows when read. */
  compressed: boolean;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** The size the header declares for the whole file: a gzip stream that inflates past it is refused as it does. */
  declare(bytes: number): void;
  close(): Promise<void>;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Deflate's best ratio (258-byte matches at about two bits each): no stream inflates to more. */
const MAX_DEFLATE_RATIO = 1032;
const STREAM_CHUNK = 1 << 20;

/** A reader's offsets come from headers: a negative, fractional or NaN one is a damaged file, named as such. */
function checkRange(path: string, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new VoxbenchError('CorruptFile', `${basename(path)} is damaged: it points to ${length} bytes at offset ${offset}.`);
  }
}

export async function openFileBytes(path: string): Promise<FileBytes> {
  const handle = await openForReading(path);
  const { size } = await handle.stat();
  if (isGzip(await readAt(handle, 0, 2))) {
    await handle.close();
    return inflatingBytes(path, size);
  }
  return {
    size,
    compressed: false,
    async read(offset, length) {
      checkRange(path, offset, length);
      // Past the end there is nothing to read: a header's absurd length allocates no more than the file.
      return readAt(handle, offset, Math.min(length, size - offset));
    },
    // Bytes after what a header declares are harmless in a plain file (readers never reach them).
    declare: () => undefined,
    close: () => handle.close(),
  };
}

const EMPTY: Uint8Array = new Uint8Array(0);

/**
 * A gzip file inflated front to back as reads ask for it (slab after slab, as volumes are read); a read
 * behind the last one starts the inflation over from the file's start. Reads are served one at a time.
 */
function inflatingBytes(path: string, compressedSize: number, chunkSize = STREAM_CHUNK): FileBytes {
  const name = basename(path);
  let stream: ReturnType<typeof createGunzip> | undefined;
  let chunks: AsyncIterator<Buffer> | undefined;
  /** Inflated offset of `pending`'s first byte: what has been inflated but not handed out yet. */
  let position = 0;
  let pending = EMPTY;
  /** Bytes the stream has inflated since its start, and the most it may (the header's declared size). */
  let inflatedTotal = 0;
  let declared = Infinity;
  let queue: Promise<unknown> = Promise.resolve();

  const restart = () => {
    stream?.destroy();
    const input = createReadStream(path, { highWaterMark: chunkSize });
    stream = createGunzip({ chunkSize });
    input.on('error', (error) => stream!.destroy(error));
    chunks = input.pipe(stream)[Symbol.asyncIterator]();
    position = 0;
    pending = EMPTY;
    inflatedTotal = 0;
  };

  const pull = async (): Promise<Uint8Array | undefined> => {
    try {
      const { value, done } = await chunks!.next();
      return done ? undefined : (value as Buffer);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      if (code === 'Z_BUF_ERROR') throw new VoxbenchError('TruncatedFile', `${name} is truncated: its gzip stream ends early.`);
      throw new VoxbenchError('CorruptFile', `${name} is not a valid gzip stream (${message}).`);
    }
  };

  const nextChunk = async (): Promise<Uint8Array | undefined> => {
    const chunk = await pull();
    inflatedTotal += chunk?.length ?? 0;
    if (inflatedTotal > declared) {
      stream?.destroy();
      chunks = undefined;
      throw new VoxbenchError('CorruptFile', `${name}: its gzip stream inflates past the ${declared} bytes its header declares.`);
    }
    return chunk;
  };

  const readNow = async (offset: number, length: number): Promise<Uint8Array> => {
    checkRange(path, offset, length);
    if (!chunks || offset < position) restart();
    const out = new Uint8Array(Math.min(length, compressedSize * MAX_DEFLATE_RATIO));
    let filled = 0;
    while (filled < out.length) {
      if (!pending.length) {
        const chunk = await nextChunk();
        if (!chunk) break;
        pending = chunk;
      }
      const start = Math.min(offset + filled - position, pending.length);
      const take = Math.min(pending.length - start, out.length - filled);
      out.set(pending.subarray(start, start + take), filled);
      filled += take;
      position += start + take;
      pending = pending.subarray(start + take);
    }
    // At the declared end the stream must end too: one more chunk is one too many.
    if (offset + filled >= declared && !pending.length) await nextChunk();
    return out.subarray(0, filled);
  };

  return {
    size: compressedSize * MAX_DEFLATE_RATIO,
    compressed: true,
    read(offset, length) {
      const result = queue.then(() => readNow(offset, length));
      queue = result.catch(() => undefined);
      return result;
    },
    declare(bytes) {
      declared = bytes;
    },
    close: async () => void stream?.destroy(),
  };
}

/** The first `length` bytes as stored, with blocking calls (a reader thread's open: see readHead). */
function storedHeadNow(path: string, length: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw cannotOpen(path, error as NodeJS.ErrnoException);
  }
  try {
    const bytes = new Uint8Array(length);
    return bytes.subarray(0, readSync(fd, bytes, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

async function storedHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await openForReading(path);
  return readAt(handle, 0, length).finally(() => handle.close());
}

/**
 * The first `length` bytes of a file, inflated if it is gzip, without reading the rest. `blocking` where only this
 * thread waits (a reader thread's open): three hand-overs to the thread pool, each waiting for a core on a busy
 * machine, cost more than the read.
 */
export async function readHead(path: string, length = 1024, blocking = false): Promise<Uint8Array> {
  const raw = blocking ? storedHeadNow(path, length) : await storedHead(path, length);
  if (!isGzip(raw)) return raw;
  // Small chunks: damage a little after the head still lets the head through.
  const file = inflatingBytes(path, Infinity, 16 << 10);
  // A damaged stream still gives what inflated before the damage; the reader reports the rest.
  const head = await file.read(0, length).catch(() => undefined);
  await file.close();
  return head ?? new Uint8Array(0);
}

/** A gzip file's trailer ISIZE: the inflated length modulo 2^32, as its writer stated it (unchecked). */
export async function gzipStatedSize(path: string): Promise<number> {
  const handle = await openForReading(path);
  try {
    const { size } = await handle.stat();
    const trailer = await readAt(handle, Math.max(0, size - 4), 4);
    return trailer.length === 4 ? new DataView(trailer.buffer, trailer.byteOffset, 4).getUint32(0, true) : -1;
  } finally {
    await handle.close();
  }
}
