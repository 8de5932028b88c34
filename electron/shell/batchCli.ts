// voxbench batch: a recipe over many scans as a Slurm job array (directly, or through SSH to a login node), or
// here with --local; status, cancel and resubmit work from the job journal, from any later process.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { VoxbenchError } from '../common/errors.js';
import { cancelBatch, refreshBatch, resubmitFailed, submitBatch, waitForBatch } from '../services/batch/batchJobs.js';
import { readJob, type BatchJob, type BatchTask } from '../services/batch/journal.js';
import { uploadMessage, type UploadProgress } from '../services/batch/contentUpload.js';
import type { Publisher } from '../services/batch/publishTask.js';
import { clusterFor } from '../services/batch/sshCluster.js';
import { modelFolders } from '../services/inference/library.js';
import { isTargetDataset } from '../services/volume/inPlacePaths.js';
import { SyncQueue } from '../services/sync/queue.js';
import { defaultSettingsDir } from '../services/settingsDir.js';
import { appRoot, appVersion } from './appRoot.js';
import { batchUsage } from './cliUsage.js';

const options = {
  recipe: { type: 'string' }, out: { type: 'string' }, local: { type: 'string' }, login: { type: 'string' }, key: { type: 'string' }, 'known-hosts': { type: 'string' },
  cpus: { type: 'string' }, mem: { type: 'string' }, time: { type: 'string' }, throttle: { type: 'string' }, partition: { type: 'string' }, account: { type: 'string' },
  qos: { type: 'string' }, gpus: { type: 'string' }, 'remote-dir': { type: 'string' }, node: { type: 'string' }, target: { type: 'string' }, 'no-wait': { type: 'boolean' }, task: { type: 'string' }, wait: { type: 'boolean' }, journal: { type: 'string' },
} as const;

function whereOf(values: { local?: string; login?: string; key?: string; 'known-hosts'?: string }): BatchJob['where'] {
  if (values.local) return { kind: 'local', parallel: Number(values.local) };
  if (!values.login) return { kind: 'slurm' };
  const login = /^([^@]+)@([^:]+):(\d+)$/.exec(values.login);
  if (!login || !values.key || !values['known-hosts']) throw new VoxbenchError('Usage', '--login USER@HOST:PORT needs --key and --known-hosts (host keys are always checked).');
  return { kind: 'slurm', login: { username: login[1]!, host: login[2]!, port: Number(login[3]), privateKey: values.key, knownHosts: values['known-hosts'] } };
}

/** Where a task's models ran: "model mean on cpu (skipped cuda: why; webgpu: why)". */
const modelsRan = ({ models }: BatchTask) =>
  (models ?? []).map(({ name, provider, device, skippedProviders }) => ` model ${name} on ${provider}${device ? ` (${device})` : ''}${skippedProviders.length ? ` (skipped ${skippedProviders.map((skipped) => `${skipped.provider}: ${skipped.reason}`).join('; ')})` : ''}`).join('');

/** Uploads (the worker bundle, models, pulled datasets) on one line of the terminal, ended when each is whole. */
const printUpload =
  (where: string): UploadProgress =>
  (sent, total, what) =>
    process.stderr.write(`\r${uploadMessage(sent, total, what, where)}${sent >= total ? '\n' : ''}`);

const show = (job: BatchJob) => {
  for (const task of job.tasks) console.log(`${job.id} ${task.index} ${task.state}${task.node ? ` on ${task.node}` : ''}${task.seconds === undefined ? '' : ` ${task.seconds.toFixed(2)} s`}${task.reason ? `: ${task.reason}` : ''}${modelsRan(task)}${task.published ? ` dataset ${task.published}` : ''}`);
};

/** The sync queue that publishes a job's labelmaps, when the job names a target; `finish` waits for its pushes and fails if one did. */
function publisherFor(job: Pick<BatchJob, 'publish'>): { publisher?: Publisher; finish(job?: BatchJob): Promise<void> } {
  if (!job.publish) return { finish: async () => undefined };
  const settingsDir = defaultSettingsDir();
  const queue = new SyncQueue({ settingsDir });
  return {
    publisher: { queue, settingsDir, software: { name: 'Voxbench', version: appVersion() } },
    async finish(job) {
      await queue.idle();
      const ours = new Set(job?.tasks.map((task) => task.published));
      const failed = (await queue.jobs()).filter((pushed) => pushed.state === 'failed' && ours.has(pushed.id));
      await queue.close();
      if (failed.length) throw new VoxbenchError('SyncFailed', failed.map((pushed) => `${pushed.id}: ${pushed.error?.kind}: ${pushed.error?.message}`).join('\n'));
    },
  };
}

export async function batch(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true });
  const [action, ...rest] = positionals;
  const journal = values.journal ?? join(defaultSettingsDir(), 'batch');
  const number = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value));
  const throttle = number(values.throttle, 8);
  if (action === 'run') {
    if (!values.recipe || !values.out || !rest.length) throw new VoxbenchError('Usage', batchUsage);
    const where = whereOf(values);
    // Paths on this computer are the shell's (relative to here); through a login node they are the cluster's.
    const here = (path: string) => (where.kind === 'slurm' && where.login ? path : resolve(path));
    const inputs = rest.map((input) => (isTargetDataset(input) ? input : here(input)));
    const publish = values.target ? { target: values.target } : undefined;
    const { publisher, finish } = publisherFor({ publish });
    const cluster = await clusterFor(where);
    let job: BatchJob | undefined;
    try {
      const remoteRoot = values['remote-dir'] ?? `${await cluster.home()}/.voxbench`;
      const resources = { cpus: number(values.cpus, 1), memMb: number(values.mem, 1000), minutes: number(values.time, 60), throttle, partition: values.partition, account: values.account, qos: values.qos, gpus: values.gpus === undefined ? undefined : Number(values.gpus), node: values.node };
      const started = await submitBatch(cluster, journal, { recipe: values.recipe, inputs, outDir: here(values.out), remoteRoot, bundleDir: join(appRoot, 'dist', 'worker'), resources, where, publish, models: modelFolders(appRoot), sync: { settingsDir: defaultSettingsDir() }, progress: printUpload(values.login ?? 'this computer') });
      job = started.job;
      console.log(`submitted ${job.id} (${job.tasks.length} tasks${job.where.kind === 'slurm' ? `, Slurm job ${job.submissions.join(',')}` : ''})`);
      await started.ran;
      if (!values['no-wait']) show((job = await waitForBatch(cluster, journal, job.id, publisher)));
    } finally {
      await cluster.close();
      await finish(job);
    }
    return;
  }
  const [id] = rest;
  if (!id || !['status', 'cancel', 'resubmit'].includes(action ?? '')) throw new VoxbenchError('Usage', batchUsage);
  const recorded = await readJob(journal, id);
  const { publisher, finish } = publisherFor(recorded);
  const cluster = await clusterFor(recorded.where);
  let job = recorded;
  try {
    if (action === 'cancel') await cancelBatch(cluster, journal, id, values.task === undefined ? undefined : Number(values.task));
    if (action === 'resubmit') await (await resubmitFailed(cluster, journal, id, throttle, { settingsDir: defaultSettingsDir() })).ran;
    show((job = values.wait ? await waitForBatch(cluster, journal, id, publisher) : await refreshBatch(cluster, journal, id, publisher)));
  } finally {
    await cluster.close();
    await finish(job);
  }
}
