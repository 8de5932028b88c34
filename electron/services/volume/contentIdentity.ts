// A scan's identity by its content, not its path or times, so an upload of a file the host already has (or any copy
// of it) finds the same cached pyramid. A file is hashed whole below WHOLE_BELOW; a larger one by its size and
// BLOCKS blocks spread evenly from its first byte to its last. A change that keeps the size and misses every
// sampled block keeps the old pyramid (remove it from the cache folder); rewriting a scan in place is rare.
import { createHash, type Hash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { mapLimit } from '../mapLimit.js';

interface Sampling {
  wholeBelow: number;
  blocks: number;
  block: number;
}

/** One file on its own (a tomogram): whole below 64 MiB, else 64 blocks of 64 KiB (4 MiB read). */
const ONE_FILE: Sampling = { wholeBelow: 64 << 20, blocks: 64, block: 64 << 10 };
/** Each file of a folder (a series of thousands): whole below 64 KiB, else 4 blocks of 16 KiB. */
const IN_FOLDER: Sampling = { wholeBelow: 64 << 10, blocks: 4, block: 16 << 10 };
const PARALLEL = 8;

async function hashFile(path: string, hash: Hash, { wholeBelow, blocks, block }: Sampling): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    hash.update(`${size}\n`);
    if (size < wholeBelow) {
      const buffer = Buffer.alloc(Math.min(size, 1 << 20));
      for (let at = 0; at < size; ) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (!bytesRead) break;
        hash.update(buffer.subarray(0, bytesRead));
        at += bytesRead;
      }
      return;
    }
    // All blocks asked for at once: one after another, each waited for the disk (a cold 4 GiB file: 22-50 ms).
    const sampled = await Promise.all(
      Array.from({ length: blocks }, async (_, k) => {
        const { bytesRead, buffer } = await handle.read(Buffer.alloc(block), 0, block, Math.floor((k * (size - block)) / (blocks - 1)));
        return buffer.subarray(0, bytesRead);
      }),
    );
    for (const part of sampled) hash.update(part);
  } finally {
    await handle.close();
  }
}

/** sha256 (hex) of a file's content, or of a folder's visible files by name and content. */
export async function contentIdentity(path: string): Promise<string> {
  const info = await stat(path).catch(() => {
    throw new VoxbenchError('FileNotFound', `${path} does not exist or cannot be read.`);
  });
  const hash = createHash('sha256');
  if (!info.isDirectory()) {
    await hashFile(path, hash, ONE_FILE);
    return hash.digest('hex');
  }
  const names = (await readdir(path, { withFileTypes: true })).filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
  const digests = await mapLimit(names, PARALLEL, async (name) => {
    const own = createHash('sha256');
    await hashFile(join(path, name), own, IN_FOLDER);
    return own.digest('hex');
  });
  names.forEach((name, index) => hash.update(`${name}\0${digests[index]}\n`));
  return hash.digest('hex');
}
