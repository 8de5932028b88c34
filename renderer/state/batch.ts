// The Jobs panel's state: batch jobs from the journal (the main side refreshes open ones on every list, so a
// restarted app picks up where it was), each task's log tail when asked, and the last thing that went wrong, in words.
// An open job is also listed with the other long tasks (jobs.ts).
import { create } from 'zustand';
import type { ParamsOf, ResultOf } from '../../electron/common/contract';
import { client } from '../client/client';
import { batchJobId } from './jobIds';
import { track, useJobs } from './jobs';

export type BatchJobView = ResultOf<'batch.jobs'>[number];
export type BatchRun = ParamsOf<'batch.run'>;
export type ClusterSettings = ResultOf<'batch.clusters'>[number];
export type ClusterInput = ParamsOf<'batch.saveCluster'>['cluster'];
/** An input of the run form: a scan here, or a data-centre dataset (s3://<target>/<dataset key>), and how the form names it. */
export interface BatchInput {
  path: string;
  label: string;
}

interface BatchState {
  jobs: BatchJobView[];
  /** Log tails by `${job}/${task}`. */
  logs: Record<string, string[]>;
  message?: string;
  /** What the last "Save as recipe" wrote. */
  saved?: ResultOf<'batch.saveRecipe'>;
  /** The Slurm clusters jobs can be submitted to. */
  clusters: ClusterSettings[];
  /** A batch.run in flight (a cluster's uploads and sbatch take a while). */
  submitting: boolean;
  load(): Promise<void>;
  loadClusters(): Promise<void>;
  /** Saves a cluster; false (with the message set) if it was refused. */
  saveCluster(cluster: ClusterInput): Promise<boolean>;
  removeCluster(name: string): Promise<void>;
  run(request: BatchRun): Promise<void>;
  cancel(id: string, task?: number): Promise<void>;
  resubmit(id: string): Promise<void>;
  showLog(id: string, task: number): Promise<void>;
  saveRecipe(volumeId: string, path: string): Promise<void>;
}

export const isOpen = (job: BatchJobView) => job.tasks.some((task) => task.state === 'pending' || task.state === 'running');

/** An open batch job is listed with the other long tasks: tasks finished of all, Cancel where Slurm runs it. */
function reportJob(job: BatchJobView): void {
  const { put, finish } = useJobs.getState();
  const id = batchJobId(job.id);
  if (!isOpen(job)) return finish(id);
  const count = (state: string) => job.tasks.filter((task) => task.state === state).length;
  const label = `Batch ${job.recipe.split(/[\\/]/).pop()} over ${job.tasks.length} scans`;
  const cancel = job.cancellable ? () => void useBatch.getState().cancel(job.id) : undefined;
  put({ id, kind: 'batch', label, done: count('done') + count('failed'), total: job.tasks.length, message: `${count('running')} running, ${count('failed')} failed`, cancel });
}

export const useBatch = create<BatchState>((set, get) => {
  /** Runs a call; its failure becomes the panel's message instead of an exception. */
  async function attempt(work: () => Promise<void>): Promise<void> {
    try {
      await work();
      set({ message: undefined });
    } catch (error) {
      set({ message: error instanceof Error ? error.message : String(error) });
    }
  }
  const replace = (job: BatchJobView) => {
    reportJob(job);
    set({ jobs: [job, ...get().jobs.filter(({ id }) => id !== job.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) });
  };
  const listed = (jobs: BatchJobView[]) => {
    jobs.forEach(reportJob);
    set({ jobs });
  };
  return {
    jobs: [],
    logs: {},
    clusters: [],
    submitting: false,
    load: () => attempt(async () => listed(await client().call('batch.jobs', {}))),
    loadClusters: () => attempt(async () => set({ clusters: await client().call('batch.clusters', {}) })),
    saveCluster: async (cluster) => {
      await attempt(async () => {
        await client().call('batch.saveCluster', { cluster });
        set({ clusters: await client().call('batch.clusters', {}) });
      });
      return get().message === undefined;
    },
    removeCluster: (name) =>
      attempt(async () => {
        await client().call('batch.removeCluster', { name });
        set({ clusters: await client().call('batch.clusters', {}) });
      }),
    run: async (request) => {
      const label = request.cluster ? `Submitting a batch to ${request.cluster}` : 'Starting a batch here';
      const message = request.cluster ? 'Uploading the scans and, once per version, the worker; then sbatch' : '';
      set({ submitting: true });
      const job = batchJobId('submitting'); // the uploads' bytes arrive as its progress
      await attempt(async () => replace(await track({ id: job, kind: 'batch', label, message }, () => client().call('batch.run', { ...request, job }))));
      set({ submitting: false });
    },
    cancel: (id, task) => attempt(async () => replace(await client().call('batch.cancel', { id, ...(task !== undefined && { task }) }))),
    resubmit: (id) => attempt(async () => replace(await client().call('batch.resubmit', { id }))),
    showLog: (id, task) => attempt(async () => set({ logs: { ...get().logs, [`${id}/${task}`]: (await client().call('batch.taskLog', { id, task })).lines } })),
    saveRecipe: (volumeId, path) => attempt(async () => set({ saved: await client().call('batch.saveRecipe', { volumeId, path }) })),
  };
});
