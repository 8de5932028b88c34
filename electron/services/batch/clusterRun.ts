// A batch submitted to a saved cluster: the scans chosen on this computer uploaded first (once per content, under
// the cluster's Voxbench folder; data-centre datasets pulled first), then one job array over them and the paths already on the cluster.
import type { Cluster as ClusterSettings } from '../../common/clusterModel.js';
import { VoxbenchError } from '../../common/errors.js';
import { submitBatch } from './batchJobs.js';
import { loginOf } from './clusters.js';
import { uploadScans, type UploadProgress } from './contentUpload.js';
import type { SyncSettings } from './datasetInputs.js';
import type { BatchJob } from './journal.js';
import type { ModelFolders } from '../inference/library.js';
import { isTargetDataset } from '../volume/inPlacePaths.js';
import { sshCluster } from './sshCluster.js';

export interface ClusterRun {
  recipe: string;
  /** Scans on this computer, or data-centre datasets (s3://<target>/<dataset key>, pulled when submitted). */
  inputs: string[];
  /** Scans on the cluster's file system. */
  clusterInputs: string[];
  /** On the cluster; relative: under the user's home there. */
  outDir: string;
  bundleDir: string;
  models?: ModelFolders;
  publish?: BatchJob['publish'];
  sync?: SyncSettings;
  /** Hears the bytes of every upload: the scans, and the worker bundle, models and datasets the submission puts there. */
  progress?: UploadProgress;
}

export async function runOnCluster(settings: ClusterSettings, journal: string, run: ClusterRun): Promise<BatchJob> {
  if (!run.inputs.length && !run.clusterInputs.length) throw new VoxbenchError('NoInputs', 'Choose scans on this computer or give paths on the cluster.');
  const login = loginOf(settings);
  const cluster = await sshCluster(login);
  try {
    const home = await cluster.home();
    const underHome = (path: string) => (path.startsWith('/') ? path : `${home}/${path.replace(/^~\//, '')}`);
    const remoteRoot = underHome(settings.remoteDir ?? '.voxbench');
    const local = run.inputs.filter((scan) => !isTargetDataset(scan));
    const uploadedTo = new Map((await uploadScans(cluster, local, remoteRoot, run.progress)).map((path, index) => [local[index]!, path]));
    const uploaded = run.inputs.map((scan) => uploadedTo.get(scan) ?? scan);
    const { cpus, memMb, minutes, throttle, partition, account } = settings;
    const resources = { cpus, memMb, minutes, throttle, ...(partition && { partition }), ...(account && { account }) };
    const inputs = [...uploaded, ...run.clusterInputs.map(underHome)];
    const { job } = await submitBatch(cluster, journal, { recipe: run.recipe, inputs, outDir: underHome(run.outDir), remoteRoot, bundleDir: run.bundleDir, resources, where: { kind: 'slurm', login }, ...(run.models && { models: run.models }), ...(run.publish && { publish: run.publish }), ...(run.sync && { sync: run.sync }), ...(run.progress && { progress: run.progress }) });
    return job;
  } finally {
    await cluster.close();
  }
}
