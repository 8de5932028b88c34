// The sync queue on disk: one JSON line per event (a job queued, an upload begun, a part stored with its ETag,
// a file completed, the manifest written, the dataset catalogued, a state change), fsynced before it
// counts (entries made during a write share the next one's fsync). Replaying the lines rebuilds every job;
// compaction rewrites them atomically into fewer lines.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { VoxbenchError } from '../../common/errors.js';
import { writeDurably } from '../durableFile.js';
import type { JobState } from '../../common/syncModel.js';
import type { JobSpec } from './model.js';

export type JournalEntry =
  | { t: 'job'; spec: JobSpec }
  | { t: 'upload'; job: string; file: number; uploadId: string }
  | { t: 'part'; job: string; file: number; part: number; etag: string; size: number }
  | { t: 'file'; job: string; file: number }
  | { t: 'manifest'; job: string }
  | { t: 'catalogued'; job: string; pid: string }
  | { t: 'state'; job: string; state: JobState; at: string; error?: { kind: string; message: string } };

/** A job as the journal knows it. */
export interface JournalJob {
  spec: JobSpec;
  state: JobState;
  at: string;
  error?: { kind: string; message: string };
  files: { uploadId?: string; parts: Map<number, { etag: string; size: number }>; done: boolean }[];
  manifest: boolean;
  pid?: string;
}

function apply(jobs: Map<string, JournalJob>, entry: JournalEntry): void {
  if (entry.t === 'job') {
    const { spec } = entry;
    jobs.set(spec.id, { spec, state: 'queued', at: spec.queuedAt, files: spec.files.map(() => ({ parts: new Map(), done: false })), manifest: false });
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
  else if (entry.t === 'file') job.files[entry.file]!.done = true;
  else if (entry.t === 'manifest') job.manifest = true;
  else if (entry.t === 'catalogued') job.pid = entry.pid;
  else Object.assign(job, { state: entry.state, at: entry.at, error: entry.error });
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
    if (file.done) entries.push({ t: 'file', job: id, file: index });
  });
  if (job.manifest) entries.push({ t: 'manifest', job: id });
  if (job.pid) entries.push({ t: 'catalogued', job: id, pid: job.pid });
  entries.push({ t: 'state', job: id, state: job.state, at: job.at, ...(job.error && { error: job.error }) });
  return entries;
}

const lines = (entries: JournalEntry[]) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');

export class SyncJournal {
  readonly jobs = new Map<string, JournalJob>();
  private file?: FileHandle;
  private writing: Promise<unknown> = Promise.resolve();
  private batch?: { entries: JournalEntry[]; written?: Promise<void> };
  private appended = 0;

  constructor(readonly path: string) {}

  /** Replays the file (a torn last line from a kill is skipped), then compacts it. */
  async open(): Promise<void> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw new VoxbenchError('JournalUnreadable', `${this.path}: ${error.message}`);
    });
    const rows = text.split('\n').filter(Boolean);
    rows.forEach((row, index) => {
      try {
        apply(this.jobs, JSON.parse(row) as JournalEntry);
      } catch {
        if (index !== rows.length - 1) throw new VoxbenchError('JournalCorrupt', `${this.path}: line ${index + 1} is not a journal entry.`);
      }
    });
    await this.compact();
  }

  /** Records an entry; resolves once it is on disk. Entries made while a write is under way go to disk
   * together in the next write, with one fsync (parts finishing at once do not queue for the disk). */
  append(entry: JournalEntry): Promise<void> {
    apply(this.jobs, entry);
    if (!this.batch) {
      const batch: { entries: JournalEntry[]; written?: Promise<void> } = { entries: [] };
      batch.written = this.writing.then(async () => {
        this.batch = undefined; // entries from now on form the next batch
        await this.file!.write(lines(batch.entries));
        await this.file!.sync();
        this.appended += batch.entries.length;
        if (this.appended > 5000) await this.compact();
      });
      this.writing = batch.written.catch(() => undefined);
      this.batch = batch;
    }
    this.batch.entries.push(entry);
    return this.batch.written!;
  }

  /** Rewrites the journal as one snapshot per job, atomically. */
  private async compact(): Promise<void> {
    await this.file?.close();
    await writeDurably(this.path, lines([...this.jobs.values()].flatMap(snapshot)));
    this.file = await open(this.path, 'a', 0o600);
    this.appended = 0;
  }

  async close(): Promise<void> {
    await this.writing;
    await this.file?.close();
    this.file = undefined;
  }
}
