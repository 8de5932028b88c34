// A size-capped on-disk cache in front of a remote Zarr store: every object read (metadata, chunks, shard index
// ranges) is kept under the app's cache folder, least recently used first out. Offline, what was seen stays
// readable and anything else is a NotCached error naming the object.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
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

/** Bytes fetched but not yet written past which writes go on while fetches run. */
const WRITES_WAIT_FOR_AT_MOST = 64 * 2 ** 20;
/** Writes start once no fetch of this thread has run for this long: a slice's fetches leave gaps while its chunks
 * inflate, and the first write counts the folder (a stat per cached object). */
const WRITES_AFTER_QUIET_MS = 200;

/** This thread's fetches under way, when the last one ended, and the bytes waiting to be written: a slice's GETs and
 * inflates go first, the writes (libuv's threads, which also inflate) after. */
const pending = { fetching: 0, lastEnded: -Infinity, unwrittenBytes: 0, waking: [] as (() => void)[], timer: undefined as NodeJS.Timeout | undefined };

function wakeWrites(): void {
  if (!pending.waking.length) return;
  if (pending.unwrittenBytes <= WRITES_WAIT_FOR_AT_MOST) {
    if (pending.fetching > 0) return;
    const quietIn = pending.lastEnded + WRITES_AFTER_QUIET_MS - performance.now();
    if (quietIn > 0) {
      pending.timer ??= setTimeout(() => {
        pending.timer = undefined;
        wakeWrites();
      }, quietIn);
      return;
    }
  }
  for (const wake of pending.waking.splice(0)) wake();
}

const writesMayGo = (): Promise<void> =>
  new Promise((go) => {
    pending.waking.push(go);
    wakeWrites();
  });

/** A cache folder as this thread writes it: one write at a time, its size counted once (readdir + stat of every entry). */
interface Folder {
  held?: number;
  writing: Promise<void>;
}
const folders = new Map<string, Folder>();
const folderAt = (dir: string): Folder => folders.get(dir) ?? folders.set(dir, { writing: Promise.resolve() }).get(dir)!;

export class ChunkCache implements AsyncReadable {
  /** Objects fetched but not yet on disk, by cache file: served from here meanwhile. */
  private readonly unwritten = new Map<string, Uint8Array | undefined>();
  /** Bytes this thread believes the folder holds (checked against the folder when it passes the cap), and its writes:
   * one after another, after the reply, so a slice waits for its GETs, not for the disk. */
  private readonly folder: Folder;

  constructor(
    private readonly inner: Readable,
    private readonly policy: ChunkCachePolicy,
    /** The store as a user reads it: names the cache entries and the errors. */
    private readonly where: string,
  ) {
    this.folder = folderAt(policy.dir);
  }

  get(key: AbsolutePath): Promise<Uint8Array | undefined> {
    return this.through(key, undefined, async () => this.inner.get(key));
  }

  getRange(key: AbsolutePath, range: RangeQuery): Promise<Uint8Array | undefined> {
    return this.through(key, range, async () => this.inner.getRange!(key, range));
  }

  private async through(key: AbsolutePath, range: RangeQuery | undefined, fetch: () => Promise<Uint8Array | undefined>): Promise<Uint8Array | undefined> {
    const file = join(this.policy.dir, createHash('sha256').update(JSON.stringify([this.where, key, range ?? null])).digest('hex'));
    if (this.unwritten.has(file)) return this.unwritten.get(file);
    // A miss checked without opening: a failed open throws an error with its stack, ~0.3 ms a chunk.
    const cached = existsSync(file) ? await readFile(file).catch(() => undefined) : undefined;
    if (cached?.length) {
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return cached[0] === PRESENT ? cached.subarray(1) : undefined;
    }
    let bytes: Uint8Array | undefined;
    pending.fetching++;
    try {
      bytes = await fetch();
    } catch (error) {
      if (!unreachable(error)) throw error;
      throw new VoxbenchError('NotCached', `${this.where}${key} is not in the chunk cache and the store cannot be reached (${(error as Error).message}); what was viewed before stays viewable.`);
    } finally {
      pending.fetching--;
      pending.lastEnded = performance.now();
      wakeWrites();
    }
    this.unwritten.set(file, bytes);
    const size = bytes?.byteLength ?? 0;
    pending.unwrittenBytes += size;
    const written: Promise<void> = this.folder.writing
      .then(writesMayGo)
      .then(() => this.keep(file, bytes))
      .catch(() => undefined) // a cache that cannot be written is a slower cache, not a failed read
      .finally(() => {
        this.unwritten.delete(file);
        pending.unwrittenBytes -= size;
        writesInFlight.delete(written);
      });
    writesInFlight.add(written);
    this.folder.writing = written;
    return bytes;
  }

  private async keep(file: string, bytes: Uint8Array | undefined): Promise<void> {
    await mkdir(this.policy.dir, { recursive: true });
    const partial = `${file}.${randomUUID()}.partial`;
    await writeFile(partial, bytes ? Buffer.concat([Buffer.of(PRESENT), bytes]) : Buffer.of(ABSENT));
    await rename(partial, file);
    const folder = this.folder;
    folder.held ??= await this.folderBytes();
    folder.held += (bytes?.byteLength ?? 0) + 1;
    // Other threads (the level reader, prefetches) write too: near the cap, count the folder itself.
    if (folder.held > this.policy.maxBytes * 0.9) folder.held = await this.folderBytes();
    if (folder.held > this.policy.maxBytes) folder.held = await this.evict();
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
