// The sync queue as the panel shows it: targets, jobs (kept current by the sync.job event stream), the
// datasets found on a target, and the last thing that went wrong, in words.
import { create } from 'zustand';
import type { Client, ParamsOf, ResultOf } from '../../electron/common/contract';

// The sync domain's types, as the contract carries them.
export type JobView = ResultOf<'sync.status'>[number];
export type Target = ResultOf<'sync.targets'>[number];
export type RemoteDataset = ResultOf<'sync.datasets'>[number];
export type TargetInput = ParamsOf<'sync.saveTarget'>['target'];
type Credentials = NonNullable<ParamsOf<'sync.saveTarget'>['credentials']>;

export type JobAction = 'sync.pause' | 'sync.resume' | 'sync.cancel' | 'sync.retry';

interface SyncState {
  client?: Client;
  targets: Target[];
  jobs: JobView[];
  datasets: Record<string, RemoteDataset[]>;
  message?: string;
  connect(client: Client): Promise<void>;
  saveTarget(target: TargetInput, credentials?: Credentials): Promise<void>;
  removeTarget(name: string): Promise<void>;
  /** Pushes the volume's segmentation with its scan; the main side gathers the files and the provenance. */
  push(target: string, volumeId: string, description: string): Promise<void>;
  act(action: JobAction, id: string): Promise<void>;
  browse(target: string): Promise<void>;
  /** Downloads a dataset; resolves to its files' paths on the main side. */
  pull(target: string, datasetKey: string): Promise<string[]>;
}

const upsert = (jobs: JobView[], job: JobView) => [job, ...jobs.filter(({ id }) => id !== job.id)].sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));

export const useSync = create<SyncState>((set, get) => {
  /** Runs a call; its failure becomes the panel's message instead of an exception. */
  async function attempt<T>(work: (client: Client) => Promise<T>): Promise<T | undefined> {
    try {
      const result = await work(get().client!);
      set({ message: undefined });
      return result;
    } catch (error) {
      set({ message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
  return {
    targets: [],
    jobs: [],
    datasets: {},
    async connect(client) {
      if (get().client === client) return;
      set({ client });
      client.on('sync.job', (job) => set({ jobs: upsert(get().jobs, job) }));
      await attempt(async () => set({ targets: await client.call('sync.targets', {}), jobs: await client.call('sync.status', {}) }));
    },
    async saveTarget(target, credentials) {
      await attempt(async (client) => {
        await client.call('sync.saveTarget', { target, ...(credentials && { credentials }) });
        set({ targets: await client.call('sync.targets', {}) });
      });
    },
    async removeTarget(name) {
      await attempt(async (client) => {
        await client.call('sync.removeTarget', { name });
        set({ targets: await client.call('sync.targets', {}) });
      });
    },
    async push(target, volumeId, description) {
      await attempt(async (client) => set({ jobs: upsert(get().jobs, await client.call('sync.pushSegmentation', { target, volumeId, description })) }));
    },
    async act(action, id) {
      await attempt(async (client) => set({ jobs: upsert(get().jobs, await client.call(action, { id })) }));
    },
    async browse(target) {
      await attempt(async (client) => set({ datasets: { ...get().datasets, [target]: await client.call('sync.datasets', { target }) } }));
    },
    async pull(target, datasetKey) {
      return (await attempt((client) => client.call('sync.pull', { target, datasetKey })))?.files ?? [];
    },
  };
});
