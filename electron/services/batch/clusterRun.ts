// A batch submitted to a saved cluster: the scans chosen on this computer uploaded first (once per content, under
// the cluster's Voxbench folder), then one job array over them and the paths already on the cluster.
import type { Cluster as ClusterSettings } from '../../common/clusterModel.js';
import { VoxbenchError } from '../../common/errors.js';
import { basename, dirname } from 'node:path';
import { submitBatch } from './batchJobs.js';
import type { Cluster } from './cluster.js';
import { loginOf } from './clusters.js';
import { contentHash, filesUnder, uploadOnce } from './contentUpload.js';
import type { BatchJob } from './journal.js';
import type { ModelFolders } from '../inference/library.js';
import { sshCluster } from './sshCluster.js';

export interface ClusterRun {
  recipe: string;
  /** Scans on this computer. */
  inputs: string[];
  /** Scans on the cluster's file system. */
  clusterInputs: string[];
  /** On the cluster; relative: under the user's home there. */
  outDir: string;
  bundleDir: string;
  models?: ModelFolders;
  publish?: BatchJob['publish'];
}

/** Uploads a scan (file or folder) to `${remoteRoot}/inputs/<sha256>/<name>` unless it is there already; returns that path. */
async function uploadScan(cluster: Cluster, scan: string, remoteRoot: string): Promise<string> {
  const files = await filesUnder(scan, dirname(scan));
  const target = `${remoteRoot}/inputs/${await contentHash(files)}`;
  await uploadOnce(cluster, files, target);
  return `${target}/${basename(scan)}`;
}

export async function runOnCluster(settings: ClusterSettings, journal: string, run: ClusterRun): Promise<BatchJob> {
  if (!run.inputs.length && !run.clusterInputs.length) throw new VoxbenchError('NoInputs', 'Choose scans on this computer or give paths on the cluster.');
  const login = loginOf(settings);
  const cluster = await sshCluster(login);
  try {
    const home = await cluster.home();
    const underHome = (path: string) => (path.startsWith('/') ? path : `${home}/${path.replace(/^~\//, '')}`);
    const remoteRoot = underHome(settings.remoteDir ?? '.voxbench');
    const uploaded = [];
    for (const scan of run.inputs) uploaded.push(await uploadScan(cluster, scan, remoteRoot));
    const { cpus, memMb, minutes, throttle, partition, account } = settings;
    const resources = { cpus, memMb, minutes, throttle, ...(partition && { partition }), ...(account && { account }) };
    const inputs = [...uploaded, ...run.clusterInputs.map(underHome)];
    const { job } = await submitBatch(cluster, journal, { recipe: run.recipe, inputs, outDir: underHome(run.outDir), remoteRoot, bundleDir: run.bundleDir, resources, where: { kind: 'slurm', login }, ...(run.models && { models: run.models }), ...(run.publish && { publish: run.publish }) });
    return job;
  } finally {
    await cluster.close();
  }
}
