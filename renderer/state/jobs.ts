// Every long task the user waits for, in one list: opening and loading volumes, edits, surfaces, inference,
// sync pushes. The main side's progress events and the renderer's own tasks report here; the info bar, the
// Segment Editor and the Inference panel read their jobs from here, with Cancel where the task can stop.
import { create } from 'zustand';
import type { Progress } from '../../electron/common/contract';
import { client } from '../client/client';
import { jobKindOf } from '../../electron/common/jobIds';
import type { JobKind } from './jobIds';

export interface Job {
  id: string;
  kind: JobKind;
  label: string;
  done: number;
  /** 0 while the size of the work is not known yet. */
  total: number;
  message: string;
  startedAt: number;
  cancel?: () => void;
  error?: string;
}

interface JobsState {
  jobs: Job[];
  /** Adds a job, or updates the one with its id. */
  put(job: Pick<Job, 'id' | 'kind' | 'label'> & Partial<Job>): void;
  report(id: string, progress: Partial<Pick<Job, 'done' | 'total' | 'message'>>): void;
  finish(id: string): void;
}

export const useJobs = create<JobsState>((set, get) => ({
  jobs: [],
  put(job) {
    const old = get().jobs.find(({ id }) => id === job.id);
    const next: Job = { done: 0, total: 0, message: '', startedAt: Date.now(), ...old, ...job };
    set({ jobs: old ? get().jobs.map((each) => (each === old ? next : each)) : [...get().jobs, next] });
  },
  report(id, progress) {
    set({ jobs: get().jobs.map((job) => (job.id === id ? { ...job, ...progress } : job)) });
  },
  finish: (id) => set({ jobs: get().jobs.filter((job) => job.id !== id) }),
}));

/** The job with `id`, for a panel that shows its own task's progress. */
export const useJob = (id: string | undefined) => useJobs((state) => state.jobs.find((job) => job.id === id));

/** Runs `work` as a job: listed while it runs, its progress events applied, gone when it ends however it ends. */
export async function track<T>(job: Pick<Job, 'id' | 'kind' | 'label'> & Partial<Job>, work: () => Promise<T>): Promise<T> {
  const { put, finish } = useJobs.getState();
  put({ ...job, startedAt: Date.now() });
  owned.add(job.id);
  try {
    return await work();
  } finally {
    owned.delete(job.id);
    finish(job.id);
  }
}

/** Jobs a tracked call holds open: their progress never ends them early. */
const owned = new Set<string>();

/**
 * The main side's progress events update the renderer's jobs. An open the renderer did not ask for (the default
 * volume at start) is listed from its events until its work is done; events of other jobs no call holds (the
 * pieces of a brush stroke) are not shown.
 */
function onProgress({ job: id, done, total, message }: Progress): void {
  const { jobs, put, report, finish } = useJobs.getState();
  if (owned.has(id)) return report(id, { done, total, message });
  const kind = jobKindOf(id);
  if (kind !== 'open' && kind !== 'pyramid') return; // the main side's own background work: opening, pyramids
  if (total > 0 && done >= total) return finish(id);
  const known = jobs.find((job) => job.id === id);
  put({ id, kind, label: known?.label ?? (kind === 'open' ? 'Opening' : 'Building a pyramid'), done, total, message });
}

/** Drops the listed jobs of `kind` that no call holds: their work ended (a volume opened, or failed to). */
export function settle(kind: JobKind): void {
  const { jobs, finish } = useJobs.getState();
  for (const job of jobs) if (job.kind === kind && !owned.has(job.id)) finish(job.id);
}

/** Subscribes the list to the main side's progress stream; once, at start. */
export const listenForProgress = (): (() => void) => client().on('progress', onProgress);
