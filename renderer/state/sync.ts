// The sync queue as the panel shows it: targets, jobs (kept current by the sync.job event stream), the
// datasets found on a target, and the last thing that went wrong, in words. A running push is also a job in
// jobs.ts, with its bytes as progress and sync.cancel as its Cancel.
import { create } from 'zustand';
import type { Client, ParamsOf, ResultOf } from '../../electron/common/contract';
import { CallError } from '../client/api';
import { client } from '../client/client';
import { syncJobId } from './jobIds';
import { track, useJobs } from './jobs';

// The sync domain's types, as the contract carries them.
export type JobView = ResultOf<'sync.status'>[number];
export type Target = ResultOf<'sync.targets'>[number];
export type RemoteDataset = ResultOf<'sync.datasets'>[number];
export type TargetInput = ParamsOf<'sync.saveTarget'>['target'];
type Credentials = NonNullable<ParamsOf<'sync.saveTarget'>['credentials']>;
type PushRequest = ParamsOf<'sync.pushSegmentation'>;

export type PushLayout = NonNullable<ParamsOf<'sync.push'>['as']>;

export type JobAction = 'sync.pause' | 'sync.resume' | 'sync.cancel' | 'sync.retry';

interface SyncState {
  targets: Target[];
  jobs: JobView[];
  datasets: Record<string, RemoteDataset[]>;
  message?: string;
  /** A push held back until the user confirms its images may carry burned-in text; `why` names the series and why. */
  burnedIn?: { request: PushRequest; why: string };
  /** Loads the targets and the queue and follows the sync.job stream; once. */
  start(): Promise<void>;
  saveTarget(target: TargetInput, credentials?: Credentials): Promise<void>;
  removeTarget(name: string): Promise<void>;
  /** Pushes the volume's segmentation with its scan (`files`), or the scan alone as OME-Zarr to open in place;
   * the main side gathers the files and the provenance. */
  push(target: string, volumeId: string, description: string, layout?: PushLayout): Promise<void>;
  /** Pushes the segmentation of a volume opened in place as OME-Zarr labels, a derived dataset of the image's. */
  pushLabels(target: string, volumeId: string, description: string): Promise<void>;
  /** Sends the held-back push (confirmed) or drops it. */
  answerBurnedIn(confirmed: boolean): Promise<void>;
  act(action: JobAction, id: string): Promise<void>;
  browse(target: string): Promise<void>;
  /** Downloads a dataset; resolves to its files' paths on the main side. */
  pull(target: string, datasetKey: string): Promise<string[]>;
}

const upsert = (jobs: JobView[], job: JobView) => [job, ...jobs.filter(({ id }) => id !== job.id)].sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));

/** A push on its way is listed with the other long tasks while it runs. */
function reportJob(job: JobView): void {
  const { put, finish } = useJobs.getState();
  const id = syncJobId(job.id);
  if (job.state !== 'uploading' && job.state !== 'registering') return finish(id);
  const label = `Pushing ${job.description || job.files[0]?.name || job.datasetKey} to ${job.target}`;
  const cancel = () => void useSync.getState().act('sync.cancel', job.id);
  const [done, total] = job.building ? [job.building.done, job.building.total] : [job.bytesDone, job.bytesTotal];
  const message = job.state === 'registering' ? 'Registering in the catalogue…' : job.building ? `${label}: building the multiscale pyramid` : label;
  put({ id, kind: 'sync', label, done, total, message, cancel });
}

let started = false;

export const useSync = create<SyncState>((set, get) => {
  /** Runs a call; its failure becomes the panel's message instead of an exception. */
  async function attempt<T>(work: (api: Client) => Promise<T>): Promise<T | undefined> {
    try {
      const result = await work(client());
      set({ message: undefined });
      return result;
    } catch (error) {
      set({ message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
  function adopt(job: JobView): void {
    reportJob(job);
    set({ jobs: upsert(get().jobs, job) });
  }
  return {
    targets: [],
    jobs: [],
    datasets: {},
    async start() {
      if (started) return;
      started = true;
      client().on('sync.job', adopt);
      await attempt(async (api) => {
        set({ targets: await api.call('sync.targets', {}), jobs: await api.call('sync.status', {}) });
        get().jobs.forEach(reportJob);
      });
    },
    async saveTarget(target, credentials) {
      await attempt(async (api) => {
        await api.call('sync.saveTarget', { target, ...(credentials && { credentials }) });
        set({ targets: await api.call('sync.targets', {}) });
      });
    },
    async removeTarget(name) {
      await attempt(async (api) => {
        await api.call('sync.removeTarget', { name });
        set({ targets: await api.call('sync.targets', {}) });
      });
    },
    async push(target, volumeId, description, layout = 'files') {
      const request = { target, volumeId, description };
      if (layout === 'ome-zarr') return attempt(async (api) => adopt(await api.call('sync.publishScan', request)));
      await attempt(async (api) => {
        try {
          adopt(await api.call('sync.pushSegmentation', request));
        } catch (error) {
          if (!(error instanceof CallError && error.kind === 'BurnedInAnnotation')) throw error;
          set({ burnedIn: { request, why: error.message } });
        }
      });
    },
    async pushLabels(target, volumeId, description) {
      // The label image is built before the job is queued: listed while it builds, then as the push.
      const job = { id: syncJobId(`labels ${volumeId}`), kind: 'sync' as const, label: 'Building the labels to push' };
      await attempt(async (api) => adopt(await track(job, () => api.call('sync.pushLabels', { target, volumeId, description }))));
    },
    async answerBurnedIn(confirmed) {
      const held = get().burnedIn;
      set({ burnedIn: undefined });
      if (held && confirmed) await attempt(async (api) => adopt(await api.call('sync.pushSegmentation', { ...held.request, confirmBurnedIn: true })));
    },
    async act(action, id) {
      await attempt(async (api) => adopt(await api.call(action, { id })));
    },
    async browse(target) {
      await attempt(async (api) => set({ datasets: { ...get().datasets, [target]: await api.call('sync.datasets', { target }) } }));
    },
    async pull(target, datasetKey) {
      return (await attempt((api) => api.call('sync.pull', { target, datasetKey })))?.files ?? [];
    },
  };
});
