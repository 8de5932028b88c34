// Handlers of the batch domain's contract entries, merged into host.ts's one dispatch. Batch jobs live in the
// journal under the settings folder (the CLI's too), so the Jobs panel of a restarted app lists and refreshes them.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { batchCalls } from '../../common/batchCalls.js';
import { VoxbenchError } from '../../common/errors.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { syncQueueOf } from '../sync/handlers.js';
import { isTargetDataset } from '../volume/inPlacePaths.js';
import { cancelBatch, refreshBatch, resubmitFailed, submitBatch } from './batchJobs.js';
import { directCluster, shellWord, type Cluster } from './cluster.js';
import { runOnCluster } from './clusterRun.js';
import { ClusterStore } from './clusters.js';
import { uploadMessage, type UploadProgress } from './contentUpload.js';
import { batchJobView, isOpen } from './jobView.js';
import { listJobs, readJob, type BatchJob } from './journal.js';
import type { Publisher } from './publishTask.js';
import { readRecipe, writeRecipe } from './recipeFile.js';
import { recipeFromLog } from './recipeFromLog.js';
import { replayRecipe } from './replayRecipe.js';
import { testCluster } from './testCluster.js';

const LOG_LINES = 40;

export function batchHandlers(context: HostContext): HandlersOf<typeof batchCalls> {
  const { services, emit } = context;
  const journal = join(services.sync.settingsDir, 'batch');
  const clusters = new ClusterStore(services.sync.settingsDir);
  const bundleDir = join(services.paths.root, 'dist', 'worker');
  const publisher = (): Publisher => ({ queue: syncQueueOf(context), settingsDir: services.sync.settingsDir, software: { name: 'Voxbench', version: services.version } });
  /** A submission's uploads as progress events of the page's `job`. */
  const uploadProgress =
    (job: string, cluster = 'this computer'): UploadProgress =>
    (sent, total, what) =>
      emit('progress', { job, done: sent, total, message: uploadMessage(sent, total, what, cluster) });
  const onCluster = async <T>(job: BatchJob, work: (cluster: Cluster) => Promise<T>): Promise<T> => work(await services.logins.of(job.where));
  /** The job after asking its cluster, or as the journal has it with why the cluster could not be asked. */
  const refreshed = (job: BatchJob) =>
    onCluster(job, (cluster) => refreshBatch(cluster, journal, job.id, publisher())).then(
      (fresh) => ({ job: fresh, view: batchJobView(fresh) }),
      (error: Error) => ({ job, view: batchJobView(job, error.message) }),
    );
  return {
    'batch.saveRecipe': async ({ volumeId, path, name }) => {
      const { info } = services.volumes.get(volumeId);
      const recipe = recipeFromLog(services.segments.actions(volumeId), info, name ?? `Recipe from ${info.name}`, { name: 'voxbench', version: services.version });
      await writeRecipe(resolve(path), recipe);
      return { path: resolve(path), steps: recipe.steps.length, notReplayable: recipe.notReplayable };
    },
    'batch.replayRecipe': async ({ volumeId, path }) => (await replayRecipe(services, await readRecipe(resolve(path)), volumeId)).segmentation,
    'batch.run': async ({ recipe, inputs, clusterInputs = [], outDir, parallel, cluster, target, job: progressJob }) => {
      await readRecipe(resolve(recipe)); // a bad recipe is refused now, not by every task
      const options = { ...(target && { publish: { target } }), ...(progressJob && { progress: uploadProgress(progressJob, cluster) }) };
      const scans = inputs.map((input) => (isTargetDataset(input) ? input : resolve(input))); // datasets are pulled when submitted
      if (cluster) return batchJobView(await runOnCluster(await clusters.get(cluster), journal, { recipe: resolve(recipe), inputs: scans, clusterInputs, outDir, bundleDir, models: services.models, sync: services.sync, ...options }));
      if (clusterInputs.length) throw new VoxbenchError('NotOnCluster', 'Paths on a cluster can only be read by a run on that cluster: choose the cluster under "Run on".');
      if (!inputs.length) throw new VoxbenchError('NoInputs', 'Choose the scans to run the recipe on.');
      const request = { recipe: resolve(recipe), inputs: scans, outDir: resolve(outDir), remoteRoot: join(homedir(), '.voxbench'), bundleDir };
      const { job, ran } = await submitBatch(directCluster, journal, { ...request, resources: { cpus: 1, memMb: 1000, minutes: 60, throttle: parallel }, where: { kind: 'local', parallel }, models: services.models, sync: services.sync, ...options });
      void ran.then(() => refreshed(job)); // records the results (and publishes) without waiting for the panel
      return batchJobView(job);
    },
    'batch.jobs': async () => {
      const jobs = await Promise.all((await listJobs(journal)).map((job) => (isOpen(job) ? refreshed(job) : { job, view: batchJobView(job) })));
      // A login node's connection stays while a job there is open (the panel refreshes them), no longer.
      await services.logins.keepOnly(jobs.filter(({ job }) => isOpen(job)).map(({ job }) => job.where));
      return jobs.map(({ view }) => view);
    },
    'batch.taskLog': async ({ id, task }) => {
      const job = await readJob(journal, id);
      const tail = await onCluster(job, (cluster) => cluster.exec(`tail -n ${LOG_LINES} ${shellWord(`${job.jobDir}/logs/${task}.log`)} 2>/dev/null`));
      return { lines: tail.stdout.split('\n').filter(Boolean) };
    },
    'batch.cancel': async ({ id, task }) => batchJobView(await onCluster(await readJob(journal, id), (cluster) => cancelBatch(cluster, journal, id, task))),
    'batch.clusters': () => clusters.list(),
    'batch.saveCluster': ({ cluster }) => clusters.save(cluster),
    'batch.removeCluster': async ({ name }) => {
      await clusters.remove(name);
      return null;
    },
    'batch.testCluster': async ({ cluster }) => ({ answer: await testCluster(cluster) }),
    'batch.resubmit': async ({ id }) => {
      const { job, ran } = await onCluster(await readJob(journal, id), (cluster) => resubmitFailed(cluster, journal, id, 8, services.sync));
      void ran.then(() => refreshed(job));
      return batchJobView(job);
    },
  };
}
