// Random access to a file's bytes, read from disk on demand; gzip files are inflated once into memory.
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { VoxbenchError } from '../errors.js';

export interface FileBytes {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function openForReading(path: string) {
  return open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'it is a folder' : error.message;
    throw new VoxbenchError('FileNotFound', `Cannot open ${path}: ${why}.`);
  });
}

/** A reader's offsets come from headers: a negative, fractional or NaN one is a damaged file, named as such. */
function checkRange(path: string, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new VoxbenchError('CorruptFile', `${basename(path)} is damaged: it points to ${length} bytes at offset ${offset}.`);
  }
}

export async function openFileBytes(path: string): Promise<FileBytes> {
  const handle = await openForReading(path);
  const head = new Uint8Array(2);
  await handle.read(head, 0, 2, 0);
  if (isGzip(head)) {
    await handle.close();
    let data: Uint8Array;
    try {
      data = gunzipSync(await readFile(path));
    } catch (error) {
      throw new VoxbenchError('CorruptFile', `${basename(path)} is not a valid gzip stream (${(error as Error).message}).`);
    }
    return {
      size: data.length,
      read: async (offset, length) => (checkRange(path, offset, length), data.slice(offset, offset + length)),
      close: async () => undefined,
    };
  }
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      checkRange(path, offset, length);
      // Past the end there is nothing to read: a header's absurd length allocates no more than the file.
      const bytes = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, offset);
      return bytes.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

/** The first `length` bytes of a file, inflated if it is gzip, without reading the rest. */
export async function readHead(path: string, length = 1024): Promise<Uint8Array> {
  const handle = await openForReading(path);
  const raw = new Uint8Array(length);
  const { bytesRead } = await handle.read(raw, 0, length, 0);
  await handle.close();
  if (!isGzip(raw)) return raw.subarray(0, bytesRead);
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= length) break;
    }
  } catch {
    // A damaged stream still gives what inflated before the damage; the reader reports the rest.
  } finally {
    stream.destroy();
  }
  return new Uint8Array(Buffer.concat(chunks).subarray(0, length));
}
