// The sync queue: jobs from the journal, run one at a time, with pause, resume, cancel and retry, and a
// view of each (bytes, rate, ETA) for the panel and the CLI. Opening it resumes what a crash interrupted.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { toWireError, VoxbenchError } from '../../common/errors.js';
import { refuseIdentifiableDicom } from '../deidentify/identifiableFiles.js';
import { sha256File } from '../fileHash.js';
import { processAlive } from '../fileLock.js';
import { journalPath, SyncJournal, type JournalEntry, type JournalJob } from './journal.js';
import { objectKey } from './manifest.js';
import { PartHasher } from './partHasher.js';
import { finished, jobView, type Progress } from './jobView.js';
import type { JobState, JobView, Provenance, PushLayout } from '../../common/syncModel.js';
import type { JobSpec, QueuedFile } from './model.js';
import { runPush } from './pushJob.js';
import { s3ClientFor } from './s3.js';
import { storeNameOf } from './publishOmeZarr.js';
import { removeStaged, stagingFolder } from './staging.js';
import { credentialsFor, type SecretStore } from './secrets.js';
import { TargetStore } from './targets.js';

export interface PushRequest {
  target: string;
  files: string[];
  provenance: Provenance;
  description: string;
  /** Pushed files that are also input scans: recorded in the provenance with the SHA-256 of their upload (one pass). */
  inputScanFiles?: string[];
  /** 'ome-zarr': the one scan in `files` is published as a multiscale OME-Zarr store, openable in place. */
  as?: PushLayout;
  /** The job's id (and dataset key) when the caller names it: a second push of the same id is the first one, so a retried caller never makes two datasets. */
  id?: string;
  /** An OME-Zarr store already built in staging (labels of a volume opened in place), pushed as the dataset's store, with no files. */
  store?: string;
}


const RATE_WINDOW_MS = 5_000;
/** Left uploading or registering by a process that is gone. */
const interrupted = (job: JournalJob) => (job.state === 'uploading' || job.state === 'registering') && !(job.by && processAlive(job.by));

export interface QueueOptions {
  settingsDir: string;
  secrets?: SecretStore;
  onJob?: (job: JobView) => void;
  /** False for a queue that only pauses or cancels (the CLI): it runs no job. */
  runJobs?: boolean;
}

export class SyncQueue {
  readonly targets: TargetStore;
  private readonly journal: SyncJournal;
  private opened?: Promise<void>;
  private running?: { id: string; controller: AbortController; done: Promise<void> };
  private readonly progress = new Map<string, Progress>();
  private readonly hasher = new PartHasher();

  constructor(private readonly options: QueueOptions) {
    this.targets = new TargetStore(options.settingsDir);
    this.journal = new SyncJournal(journalPath(options.settingsDir), (entries) => this.othersWrote(entries));
  }

  /** Loads the journal once; jobs a crash left running go back in the queue. */
  open(): Promise<void> {
    this.opened ??= (async () => {
      await mkdir(this.options.settingsDir, { recursive: true, mode: 0o700 });
      await this.journal.open();
      if (this.options.runJobs === false) return;
      for (const job of this.journal.jobs.values()) if (interrupted(job)) await this.setState(job, 'queued');
      this.next();
    })();
    return this.opened;
  }

  async push(request: PushRequest): Promise<JobView> {
    await this.open();
    const pushed = request.id === undefined ? undefined : this.journal.jobs.get(request.id);
    if (pushed) return this.view(pushed);
    const target = await this.targets.get(request.target);
    if (!request.files.length && !request.store) throw new VoxbenchError('NothingToPush', 'Pick at least one file to push.');
    if (request.store && (request.files.length || request.as)) throw new VoxbenchError('StoreWithFiles', `${request.store} is pushed as the dataset's one store, without files.`);
    if (request.as === 'ome-zarr' && request.files.length !== 1) throw new VoxbenchError('OneScanAsOmeZarr', `Publishing as OME-Zarr takes one scan file, not ${request.files.length}.`);
    // Only multipart files hash parts; a thread that fails to start fails the first part, which says why.
    if (request.files.length && request.as !== 'ome-zarr') this.hasher.ready().catch(() => undefined);
    const files: QueuedFile[] = [];
    for (const path of request.files.map((file) => resolve(file))) {
      const info = await stat(path).catch((error: Error) => {
        throw new VoxbenchError('FileMissing', `${path}: ${error.message}`);
      });
      if (!info.isFile()) throw new VoxbenchError('NotAFile', `${path} is not a file.`);
      if (files.some(({ name }) => name === basename(path))) throw new VoxbenchError('DuplicateName', `Two files are named ${basename(path)}; a dataset holds each name once.`);
      files.push({ path, name: basename(path), size: info.size, mtimeMs: info.mtimeMs });
    }
    await refuseIdentifiableDicom(files.map(({ path }) => path));
    const scans = new Set(request.inputScanFiles?.map((file) => resolve(file)));
    const inputScanFiles = files.flatMap(({ path }, index) => (scans.has(path) ? [index] : []));
    const id = request.id ?? randomUUID();
    const base = { id, target: target.name, datasetKey: id, description: request.description, partSize: target.partSize, queuedAt: new Date().toISOString() };
    const scan = files[0]!;
    const spec: JobSpec = request.store
      ? { ...base, files: [], provenance: request.provenance, omeZarr: { name: basename(request.store), staged: request.store } }
      : request.as === 'ome-zarr'
        ? { ...base, files: [], provenance: { ...request.provenance, inputScans: [...request.provenance.inputScans, { id: scan.name, sha256: await sha256File(scan.path), path: scan.path }] }, omeZarr: { source: scan, name: storeNameOf(scan.path), staged: join(await stagingFolder(this.options.settingsDir), storeNameOf(scan.path)) } }
        : { ...base, files, provenance: request.provenance, ...(inputScanFiles.length && { inputScanFiles }) };
    await this.journal.append({ t: 'job', spec });
    this.announce(this.job(id));
    this.next();
    return this.view(this.job(id));
  }

  async jobs(): Promise<JobView[]> {
    await this.open();
    return [...this.journal.jobs.values()].map((job) => this.view(job)).sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
  }

  async pause(id: string): Promise<JobView> {
    return this.stop(id, 'paused', ['queued', 'uploading', 'registering']);
  }

  async cancel(id: string): Promise<JobView> {
    const view = await this.stop(id, 'cancelled', ['queued', 'uploading', 'registering', 'paused', 'failed']);
    await this.abandonUploads(this.job(id)).catch(() => undefined); // best effort: the server expires them too
    return view;
  }

  /** Puts a paused or failed job back in the queue; it continues from its last stored part. */
  async resume(id: string): Promise<JobView> {
    await this.open();
    const job = this.job(id);
    if (job.state !== 'paused' && job.state !== 'failed') throw new VoxbenchError('NotResumable', `Job ${id} is ${job.state}.`);
    await this.setState(job, 'queued');
    this.next();
    return this.view(job);
  }

  /** Puts every unfinished job back in the queue, whatever state it was left in (paused, failed, interrupted). */
  async resumeAll(): Promise<JobView[]> {
    await this.open();
    const unfinished = [...this.journal.jobs.values()].filter((job) => job.state === 'paused' || job.state === 'failed' || interrupted(job));
    for (const job of unfinished) await this.setState(job, 'queued');
    this.next();
    return unfinished.map((job) => this.view(job));
  }

  /** Resolves when no job is queued or running (the CLI waits on this). */
  async idle(): Promise<void> {
    await this.open();
    while (this.running) await this.running.done;
  }

  async close(): Promise<void> {
    if (this.running) await this.pause(this.running.id).catch(() => undefined);
    await this.running?.done;
    await this.hasher.close();
    await this.journal.close();
  }

  private job(id: string): JournalJob {
    const job = this.journal.jobs.get(id);
    if (!job) throw new VoxbenchError('UnknownJob', `No sync job ${id}.`);
    return job;
  }

  private async stop(id: string, state: JobState, from: JobState[]): Promise<JobView> {
    await this.open();
    const job = this.job(id);
    if (!from.includes(job.state)) throw new VoxbenchError('NotStoppable', `Job ${id} is ${job.state}.`);
    if (this.running?.id === id) {
      this.running.controller.abort(state);
      await this.running.done;
    } else await this.setState(job, state);
    return this.view(job);
  }

  private async abandonUploads(job: JournalJob): Promise<void> {
    const target = await this.targets.get(job.spec.target);
    const s3 = s3ClientFor(target, await credentialsFor(target, this.options.secrets));
    try {
      for (const [index, file] of job.files.entries()) {
        if (file.uploadId && !file.done) await s3.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: objectKey(target, job.spec, index), UploadId: file.uploadId }));
      }
    } finally {
      s3.destroy();
    }
  }

  /** Another process paused or cancelled the job running here: stop it. */
  private othersWrote(entries: JournalEntry[]): void {
    for (const entry of entries) {
      if (entry.t === 'state' && entry.job === this.running?.id && (entry.state === 'paused' || entry.state === 'cancelled')) this.running.controller.abort(entry.state);
      const job = entry.t === 'compacted' ? undefined : this.journal.jobs.get(entry.t === 'job' ? entry.spec.id : entry.job);
      if (job) this.announce(job);
    }
  }

  private next(): void {
    if (this.running || this.options.runJobs === false) return;
    const job = [...this.journal.jobs.values()].filter(({ state }) => state === 'queued').sort((a, b) => a.spec.queuedAt.localeCompare(b.spec.queuedAt))[0];
    if (!job) return;
    const controller = new AbortController();
    setMaxListeners(64, controller.signal); // every request in flight (16 lanes, their retries) listens for the cancel
    this.running = { id: job.spec.id, controller, done: this.run(job, controller).finally(() => {
      this.running = undefined;
      this.next();
    }) };
  }

  private async run(job: JournalJob, controller: AbortController): Promise<void> {
    const progress: Progress = { bytes: 0, samples: [[Date.now(), 0]], emitted: 0 };
    this.progress.set(job.spec.id, progress);
    try {
      const claim = { t: 'state', job: job.spec.id, state: 'uploading', at: new Date().toISOString(), by: process.pid } as const;
      if (!(await this.journal.claim(claim, () => job.state === 'queued'))) return; // another process runs it
      const target = await this.targets.get(job.spec.target);
      const credentials = await credentialsFor(target, this.options.secrets);
      await runPush({ job, target, credentials, journal: this.journal, signal: controller.signal, hasher: this.hasher, onBytes: (bytes, stored) => this.progressed(job, progress, bytes, stored), onBuild: (building) => this.built(job, progress, building), onState: (state) => this.setState(job, state) });
      await this.setState(job, 'done');
    } catch (error) {
      const reason = controller.signal.aborted ? (controller.signal.reason as JobState) : undefined;
      await this.setState(job, reason ?? 'failed', reason ? undefined : toWireError(error));
    } finally {
      this.progress.delete(job.spec.id);
    }
  }

  /** `stored`: bytes found already on the server, which say nothing of the rate. */
  private progressed(job: JournalJob, progress: Progress, bytes: number, stored = false): void {
    const now = Date.now();
    progress.bytes += bytes;
    if (stored) progress.samples = [];
    progress.samples.push([now, progress.bytes]);
    while (progress.samples.length > 2 && now - progress.samples[0]![0] > RATE_WINDOW_MS) progress.samples.shift();
    if (now - progress.emitted < 200) return;
    progress.emitted = now;
    this.announce(job);
  }

  private built(job: JournalJob, progress: Progress, building: Progress['building']): void {
    progress.building = building;
    const now = Date.now();
    if (building && now - progress.emitted < 200) return;
    progress.emitted = now;
    this.announce(job);
  }

  private async setState(job: JournalJob, state: JobState, error?: { kind: string; message: string }): Promise<void> {
    const running = state === 'uploading' || state === 'registering';
    await this.journal.append({ t: 'state', job: job.spec.id, state, at: new Date().toISOString(), ...(running && { by: process.pid }), ...(error && { error }) });
    if (finished(state)) await removeStaged(this.options.settingsDir, job.spec);
    this.announce(job);
  }

  private announce(job: JournalJob): void {
    this.options.onJob?.(this.view(job));
  }


  private view(job: JournalJob): JobView {
    return jobView(job, this.progress.get(job.spec.id));
  }
}
