// Batch inputs that are data-centre datasets, named as `voxbench open` names them (s3://<target>/<dataset key>):
// pulled with their checksums verified into the job's folder (here, or a temporary folder uploaded to the cluster
// once per content), then run as scans; the task keeps the dataset's pid for the output's provenance. A dataset
// that cannot be pulled fails its task alone, with why.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { datasetManifest, pullDataset } from '../sync/pull.js';
import { credentialsFor, type SecretStore } from '../sync/secrets.js';
import { TargetStore } from '../sync/targets.js';
import { isTargetDataset } from '../volume/inPlacePaths.js';
import type { Cluster } from './cluster.js';
import { uploadScans, type UploadProgress } from './contentUpload.js';
import type { BatchTask } from './journal.js';

export interface SyncSettings {
  settingsDir: string;
  secrets?: SecretStore;
}

/** An input as a task runs it: a scan path on the cluster, and the dataset it came from or why it could not be pulled. */
export type TaskInput = Pick<BatchTask, 'input' | 'dataset' | 'reason'>;

/** A task whose input is a dataset that could not be pulled: it never ran, and runs only once pulled. */
export const unpulled = (task: Pick<BatchTask, 'input' | 'dataset'>): boolean => isTargetDataset(task.input) && !task.dataset;

/** Pulls s3://<target>/<dataset key> into `folder`: its one file, or the folder of its files, and its pid. */
async function pulled(location: string, sync: SyncSettings, folder: string): Promise<{ scan: string; pid: string }> {
  const match = /^s3:\/\/([^/]+)\/([^/]+?)\/*$/i.exec(location);
  if (!match) throw new VoxbenchError('BadLocation', `${location}: a batch input from the data centre is s3://<target>/<dataset key>.`);
  const target = await new TargetStore(sync.settingsDir).get(match[1]!);
  const credentials = await credentialsFor(target, sync.secrets);
  const into = join(folder, match[2]!);
  const paths = await pullDataset(target, credentials, match[2]!, into);
  const { manifest } = await datasetManifest(target, credentials, match[2]!);
  return { scan: paths.length === 1 ? paths[0]! : into, pid: manifest.pid ?? manifest.datasetKey };
}

/**
 * The inputs with every dataset pulled. `jobDir` is the job's folder on the cluster; `local` says the cluster's
 * file system is this machine's (a run here, or on the login node), so a dataset is pulled there and read in place;
 * `taskIndices`: the tasks the inputs are, where not the job's first ones (a resubmit pulls again); `progress` hears
 * the bytes of each pulled copy uploaded to the cluster.
 */
export async function resolveDatasetInputs(cluster: Cluster, inputs: string[], jobDir: string, remoteRoot: string, local: boolean, sync?: SyncSettings, taskIndices?: number[], progress?: UploadProgress): Promise<TaskInput[]> {
  if (!inputs.some(isTargetDataset)) return inputs.map((input) => ({ input }));
  const resolved: TaskInput[] = [];
  const temporary = local ? undefined : await mkdtemp(join(tmpdir(), 'voxbench-datasets-'));
  try {
    for (const [index, input] of inputs.entries()) {
      if (!isTargetDataset(input)) {
        resolved.push({ input });
        continue;
      }
      try {
        if (!sync) throw new VoxbenchError('NoSyncSettings', `${input}: this run has no sync targets to pull it from.`);
        const { scan, pid } = await pulled(input, sync, join(temporary ?? `${jobDir}/datasets`, String(taskIndices?.[index] ?? index)));
        resolved.push({ input: temporary ? (await uploadScans(cluster, [scan], remoteRoot, progress))[0]! : scan, dataset: { location: input, pid } });
      } catch (error) {
        resolved.push({ input, reason: `could not pull ${input}: ${(error as Error).message}` });
      }
    }
  } finally {
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
  return resolved;
}
