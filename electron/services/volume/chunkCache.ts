// A size-capped on-disk cache in front of a remote Zarr store: every object read (metadata, chunks, shard index
// ranges) is kept under the app's cache folder, least recently used first out. Offline, what was seen stays
// readable and anything else is a NotCached error naming the object.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AbsolutePath, AsyncReadable, RangeQuery, Readable } from 'zarrita';
import { VoxbenchError } from '../../common/errors.js';

export interface ChunkCachePolicy {
  dir: string;
  maxBytes: number;
}

/** First byte of a cache file: the object was there, or the store said it is not (a fill-value chunk). */
const PRESENT = 1;
const ABSENT = 0;

/** Errors that mean "the store cannot be reached", not "the store said no". */
const unreachable = (error: unknown) => (error instanceof VoxbenchError && error.kind === 'Offline') || error instanceof TypeError || /ECONNREFUSED|ECONNRESET|ENOTFOUND|fetch failed/.test(String((error as Error)?.message));

/** The cache writes of this thread not yet on disk. */
const writesInFlight = new Set<Promise<void>>();
/** Resolves once the cache writes begun so far in this thread are on disk: before the thread or the services end. */
export const chunkCacheWritten = (): Promise<void> => Promise.all([...writesInFlight]).then(() => undefined);

export class ChunkCache implements AsyncReadable {
  /** Bytes this thread believes the cache holds; checked against the folder when it passes the cap. */
  private held: number | undefined;
  /** Objects fetched but not yet on disk, by cache file: served from here meanwhile. */
  private readonly unwritten = new Map<string, Uint8Array | undefined>();
  /** Writes one after another, after the reply: a slice waits for its GETs, not for the disk. */
  private writing = Promise.resolve();

  constructor(
    private readonly inner: Readable,
    private readonly policy: ChunkCachePolicy,
    /** The store as a user reads it: names the cache entries and the errors. */
    private readonly where: string,
  ) {}

  get(key: AbsolutePath): Promise<Uint8Array | undefined> {
    return this.through(key, undefined, async () => this.inner.get(key));
  }

  getRange(key: AbsolutePath, range: RangeQuery): Promise<Uint8Array | undefined> {
    return this.through(key, range, async () => this.inner.getRange!(key, range));
  }

  private async through(key: AbsolutePath, range: RangeQuery | undefined, fetch: () => Promise<Uint8Array | undefined>): Promise<Uint8Array | undefined> {
    const file = join(this.policy.dir, createHash('sha256').update(JSON.stringify([this.where, key, range ?? null])).digest('hex'));
    if (this.unwritten.has(file)) return this.unwritten.get(file);
    const cached = await readFile(file).catch(() => undefined);
    if (cached?.length) {
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return cached[0] === PRESENT ? cached.subarray(1) : undefined;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await fetch();
    } catch (error) {
      if (!unreachable(error)) throw error;
      throw new VoxbenchError('NotCached', `${this.where}${key} is not in the chunk cache and the store cannot be reached (${(error as Error).message}); what was viewed before stays viewable.`);
    }
    this.unwritten.set(file, bytes);
    const written: Promise<void> = this.writing
      .then(() => this.keep(file, bytes))
      .catch(() => undefined) // a cache that cannot be written is a slower cache, not a failed read
      .finally(() => {
        this.unwritten.delete(file);
        writesInFlight.delete(written);
      });
    writesInFlight.add(written);
    this.writing = written;
    return bytes;
  }

  private async keep(file: string, bytes: Uint8Array | undefined): Promise<void> {
    await mkdir(this.policy.dir, { recursive: true });
    const partial = `${file}.${randomUUID()}.partial`;
    await writeFile(partial, bytes ? Buffer.concat([Buffer.of(PRESENT), bytes]) : Buffer.of(ABSENT));
    await rename(partial, file);
    this.held ??= await this.folderBytes();
    this.held += (bytes?.byteLength ?? 0) + 1;
    // Other threads (the level reader, prefetches) write too: near the cap, count the folder itself.
    if (this.held > this.policy.maxBytes * 0.9) this.held = await this.folderBytes();
    if (this.held > this.policy.maxBytes) this.held = await this.evict();
  }

  private async entries(): Promise<{ path: string; size: number; used: number }[]> {
    const names = (await readdir(this.policy.dir)).filter((name) => !name.endsWith('.partial'));
    const found = await Promise.all(names.map((name) => stat(join(this.policy.dir, name)).then((info) => ({ path: join(this.policy.dir, name), size: info.size, used: info.mtimeMs }), () => undefined)));
    return found.filter((entry) => entry !== undefined);
  }

  private async folderBytes(): Promise<number> {
    return (await this.entries()).reduce((sum, { size }) => sum + size, 0);
  }

  /** Drops the least recently used entries down to 90 % of the cap; returns what is left. */
  private async evict(): Promise<number> {
    const entries = (await this.entries()).sort((a, b) => a.used - b.used);
    let total = entries.reduce((sum, { size }) => sum + size, 0);
    for (const { path, size } of entries) {
      if (total <= this.policy.maxBytes * 0.9) break;
      await unlink(path).catch(() => undefined);
      total -= size;
    }
    return total;
  }
}
