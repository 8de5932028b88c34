// The sync queue on disk: one JSON line per event (a job queued, an upload begun, a part stored with its ETag,
// a file completed, the manifest written, the dataset catalogued, a state change), fsynced before it
// counts (entries made during a write share the next one's fsync). Replaying the lines rebuilds every job;
// compaction rewrites them atomically into fewer lines. Several processes (the app, browser mode, the CLI)
// share the file: each write holds its lock and first replays what the others wrote since its last look.
import { randomUUID } from 'node:crypto';
import { open, readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { replaceDurably } from '../durableFile.js';
import { withFileLock } from '../fileLock.js';
import type { JobState } from '../../common/syncModel.js';
import type { JobSpec } from './model.js';

export type JournalEntry =
  /** The first line of a compacted file: tells a reader whether the file is still the one it read. */
  | { t: 'compacted'; id: string }
  | { t: 'job'; spec: JobSpec }
  | { t: 'upload'; job: string; file: number; uploadId: string }
  | { t: 'part'; job: string; file: number; part: number; etag: string; size: number }
  /** A file stored whole, and its SHA-256 (none in journals written before it was hashed during the upload). */
  | { t: 'file'; job: string; file: number; sha256?: string }
  | { t: 'manifest'; job: string }
  /** An OME-Zarr job's store is built in staging: how many objects and bytes it holds. */
  | { t: 'staged'; job: string; objects: number; bytes: number }
  /** Objects of an OME-Zarr store now on the server: [key inside the store, bytes]. */
  | { t: 'objects'; job: string; stored: [string, number][] }
  | { t: 'catalogued'; job: string; pid: string }
  /** `by`: the pid of the process that runs the job (uploading, registering). */
  | { t: 'state'; job: string; state: JobState; at: string; by?: number; error?: { kind: string; message: string } };

/** A job as the journal knows it. */
export interface JournalJob {
  spec: JobSpec;
  state: JobState;
  at: string;
  error?: { kind: string; message: string };
  /** The pid running it, when uploading or registering. */
  by?: number;
  files: { uploadId?: string; parts: Map<number, { etag: string; size: number }>; done: boolean; sha256?: string }[];
  manifest: boolean;
  pid?: string;
  /** An OME-Zarr job's staged store (once built) and the objects of it on the server. */
  store?: { objects: number; bytes: number };
  storedObjects: Map<string, number>;
}

function apply(jobs: Map<string, JournalJob>, entry: JournalEntry): void {
  if (entry.t === 'compacted') return;
  if (entry.t === 'job') {
    const { spec } = entry;
    if (jobs.has(spec.id)) return; // replayed again after another process compacted: keep the object uploaders hold
    jobs.set(spec.id, { spec, state: 'queued', at: spec.queuedAt, files: spec.files.map(() => ({ parts: new Map(), done: false })), manifest: false, storedObjects: new Map() });
    return;
  }
  const job = jobs.get(entry.job);
  if (!job) return;
  if (entry.t === 'upload') {
    const file = job.files[entry.file]!; // changed in place: uploaders hold on to it
    file.uploadId = entry.uploadId;
    file.parts.clear();
    file.done = false;
  }
  else if (entry.t === 'part') job.files[entry.file]!.parts.set(entry.part, { etag: entry.etag, size: entry.size });
  else if (entry.t === 'file') Object.assign(job.files[entry.file]!, { done: true, sha256: entry.sha256 });
  else if (entry.t === 'manifest') job.manifest = true;
  else if (entry.t === 'staged') job.store = { objects: entry.objects, bytes: entry.bytes };
  else if (entry.t === 'objects') for (const [key, bytes] of entry.stored) job.storedObjects.set(key, bytes);
  else if (entry.t === 'catalogued') job.pid = entry.pid;
  else Object.assign(job, { state: entry.state, at: entry.at, error: entry.error, by: entry.by });
}

/** The lines that rebuild `job` as it is now. Finished jobs keep no parts: only their history. */
function snapshot(job: JournalJob): JournalEntry[] {
  const id = job.spec.id;
  const finished = job.state === 'done' || job.state === 'cancelled';
  const entries: JournalEntry[] = [{ t: 'job', spec: job.spec }];
  job.files.forEach((file, index) => {
    if (!finished && file.uploadId) {
      entries.push({ t: 'upload', job: id, file: index, uploadId: file.uploadId });
      for (const [part, { etag, size }] of file.parts) entries.push({ t: 'part', job: id, file: index, part, etag, size });
    }
    if (file.done) entries.push({ t: 'file', job: id, file: index, ...(file.sha256 && { sha256: file.sha256 }) });
  });
  if (job.store) entries.push({ t: 'staged', job: id, ...job.store });
  if (!finished && job.storedObjects.size) entries.push({ t: 'objects', job: id, stored: [...job.storedObjects] });
  if (job.manifest) entries.push({ t: 'manifest', job: id });
  if (job.pid) entries.push({ t: 'catalogued', job: id, pid: job.pid });
  entries.push({ t: 'state', job: id, state: job.state, at: job.at, ...(job.by && { by: job.by }), ...(job.error && { error: job.error }) });
  return entries;
}

const lines = (entries: JournalEntry[]) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');

/** How much of which file this process has replayed: its first line (unique per compaction; inode numbers are
 * reused) and its length. */
interface Seen {
  head: Buffer;
  size: number;
}

type Batch = { entries: JournalEntry[]; written?: Promise<void> };

/** The sync journal of a settings folder. */
export const journalPath = (settingsDir: string) => join(settingsDir, 'sync-journal.jsonl');

export class SyncJournal {
  readonly jobs = new Map<string, JournalJob>();
  private writing: Promise<unknown> = Promise.resolve();
  private batch?: Batch;
  private seen?: Seen;
  private appended = 0;

  /** `onOthers`: called with the entries other processes wrote, once they are applied. */
  constructor(
    readonly path: string,
    private readonly onOthers?: (entries: JournalEntry[]) => void,
  ) {}

  /** The jobs in the file, read without writing anything (a torn last line is skipped). */
  static async read(path: string): Promise<Map<string, JournalJob>> {
    const journal = new SyncJournal(path);
    journal.replay(await journal.bytes());
    return journal.jobs;
  }

  /** Replays the file, then compacts it. */
  async open(): Promise<void> {
    await withFileLock(this.path, async () => {
      await this.refresh();
      await this.compact();
    });
  }

  /** Records an entry; resolves once it is on disk. Entries made while a write is under way go to disk
   * together in the next write, with one fsync (parts finishing at once do not queue for the disk). */
  append(entry: JournalEntry): Promise<void> {
    apply(this.jobs, entry);
    if (!this.batch) {
      const batch: Batch = { entries: [] };
      batch.written = this.after(() => {
        if (this.batch === batch) this.batch = undefined; // entries from now on form the next batch
        return this.write(batch.entries);
      });
      this.batch = batch;
    }
    this.batch.entries.push(entry);
    return this.batch.written!;
  }

  /** Appends `entry` only if `still()` holds once every other process's entries are in; so one process claims a job. */
  claim(entry: JournalEntry, still: () => boolean): Promise<boolean> {
    return this.after(async () => {
      await this.refreshed();
      if (!still()) return false;
      apply(this.jobs, entry);
      await this.write([entry]);
      return true;
    });
  }

  async close(): Promise<void> {
    await this.writing;
  }

  /** Runs `work` holding the file's lock, after the writes asked for before it. */
  private after<T>(work: () => Promise<T>): Promise<T> {
    const done = this.writing.then(() => withFileLock(this.path, work));
    this.writing = done.catch(() => undefined);
    return done;
  }

  /** Under the lock: replays the others' entries, then ours not yet on disk (`writing`, then the next batch's)
   * again over them, since ours come after theirs. */
  private async refreshed(writing: JournalEntry[] = []): Promise<void> {
    if (await this.refresh()) [...writing, ...(this.batch?.entries ?? [])].forEach((entry) => apply(this.jobs, entry));
  }

  private async write(entries: JournalEntry[]): Promise<void> {
    await this.refreshed(entries);
    const text = lines(entries);
    const file = await open(this.path, 'a', 0o600);
    try {
      await file.write(text);
      await file.sync();
      const size = this.seen!.size + Buffer.byteLength(text);
      this.seen = { head: this.seen!.size ? this.seen!.head : Buffer.from(text.slice(0, text.indexOf('\n') + 1)), size };
    } finally {
      await file.close();
    }
    this.appended += entries.length;
    if (this.appended > 5000) await this.compact();
  }

  /** Under the lock: applies what others wrote since our last look; true when there was something. A line torn
   * by a writer killed mid-write is cut off, so the next line starts whole. */
  private async refresh(): Promise<boolean> {
    const file = await open(this.path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new VoxbenchError('JournalUnreadable', `${this.path}: ${error.message}`);
    });
    if (!file) {
      this.seen = { head: Buffer.alloc(0), size: 0 };
      return false;
    }
    try {
      const { size } = await file.stat();
      const read = async (from: number, length: number) => {
        const bytes = Buffer.alloc(length);
        const { bytesRead } = await file.read(bytes, 0, length, from);
        return bytes.subarray(0, bytesRead);
      };
      const seen = this.seen && size >= this.seen.size && (await read(0, this.seen.head.length)).equals(this.seen.head) ? this.seen : undefined;
      const from = seen?.size ?? 0;
      if (from === size) return false;
      const bytes = await read(from, size - from);
      const whole = bytes.lastIndexOf(0x0a) + 1;
      if (whole < bytes.length) await file.close().then(() => truncate(this.path, from + whole));
      const head = seen?.head ?? bytes.subarray(0, bytes.indexOf(0x0a) + 1);
      this.seen = { head: Buffer.from(head), size: from + whole };
      const others = this.replay(bytes.subarray(0, whole));
      if (others.length) this.onOthers?.(others);
      return true;
    } finally {
      await file.close().catch(() => undefined);
    }
  }

  /** Applies the lines (a torn last one is skipped); returns them. */
  private replay(bytes: Buffer): JournalEntry[] {
    const rows = bytes.toString('utf8').split('\n').filter(Boolean);
    return rows.flatMap((row, index) => {
      try {
        const entry = JSON.parse(row) as JournalEntry;
        apply(this.jobs, entry);
        return [entry];
      } catch {
        if (index !== rows.length - 1) throw new VoxbenchError('JournalCorrupt', `${this.path}: line ${index + 1} is not a journal entry.`);
        return [];
      }
    });
  }

  private bytes(): Promise<Buffer> {
    return readFile(this.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw new VoxbenchError('JournalUnreadable', `${this.path}: ${error.message}`);
    });
  }

  /** Under the lock: rewrites the journal as one snapshot per job, atomically. */
  private async compact(): Promise<void> {
    const head = `${JSON.stringify({ t: 'compacted', id: randomUUID() })}\n`;
    const text = head + lines([...this.jobs.values()].flatMap(snapshot));
    await replaceDurably(this.path, text);
    this.seen = { head: Buffer.from(head), size: Buffer.byteLength(text) };
    this.appended = 0;
  }
}
