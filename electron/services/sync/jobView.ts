// What the panel and the CLI show of a job: its state, bytes stored, rate and ETA while it runs here.
import { SyncJournal, type JournalJob } from './journal.js';
import type { JobState, JobView } from '../../common/syncModel.js';

export interface Progress {
  bytes: number;
  /** [time ms, bytes] over the last seconds, for the rate. */
  samples: [number, number][];
  emitted: number;
  /** How far the store's build got, while it runs. */
  building?: { done: number; total: number };
}

export const finished = (state: JobState) => state === 'done' || state === 'cancelled';

export function jobView(job: JournalJob, progress?: Progress): JobView {
  const { spec, state, error, at, pid } = job;
  const bytesTotal = spec.files.reduce((sum, { size }) => sum + size, 0) + (job.store?.bytes ?? 0);
  const storedObjects = [...job.storedObjects.values()].reduce((sum, size) => sum + size, 0);
  const stored = storedObjects + job.files.reduce((sum, file, index) => sum + (file.done ? spec.files[index]!.size : [...file.parts.values()].reduce((s, { size }) => s + size, 0)), 0);
  const bytesDone = state === 'done' ? bytesTotal : Math.min(bytesTotal, Math.max(stored, progress?.bytes ?? 0));
  const [first, last] = [progress?.samples[0], progress?.samples.at(-1)];
  const rate = first && last && last[0] > first[0] ? ((last[1] - first[1]) * 1000) / (last[0] - first[0]) : 0;
  return {
    id: spec.id,
    target: spec.target,
    description: spec.description,
    files: [...spec.files.map(({ name, size }) => ({ name, size })), ...(spec.omeZarr ? [{ name: spec.omeZarr.name, size: job.store?.bytes ?? 0 }] : [])],
    state,
    ...(error && state === 'failed' && { error }),
    bytesDone,
    bytesTotal,
    rate,
    ...(rate > 0 && !progress?.building && { etaSeconds: (bytesTotal - bytesDone) / rate }),
    ...(progress?.building && state === 'uploading' && { building: progress.building }),
    datasetKey: spec.datasetKey,
    ...(pid && { pid }),
    queuedAt: spec.queuedAt,
    ...(finished(state) && { finishedAt: at }),
  };
}

/** Every job in the journal, newest first, read without changing anything (`voxbench sync status`). */
export async function readJobs(journalPath: string): Promise<JobView[]> {
  const jobs = await SyncJournal.read(journalPath);
  return [...jobs.values()].map((job) => jobView(job)).sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
}
