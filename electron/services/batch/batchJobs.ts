// Batch jobs: a recipe over many scans, one task per scan, as a Slurm job array (or run here by the same script,
// for small batches and tests). The journal is written before anything is submitted and after every change, so
// any later process reattaches to a job from it; Slurm is asked only about tasks the journal has not closed.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { VoxbenchError } from '../../common/errors.js';
import { modelRanSchema } from '../../common/syncModel.js';
import type { ModelFolders } from '../inference/library.js';
import { processAlive } from '../fileLock.js';
import { shellWord, type Cluster } from './cluster.js';
import { resolveDatasetInputs, unpulled, type SyncSettings } from './datasetInputs.js';
import type { UploadProgress } from './contentUpload.js';
import { jobScript, type Resources } from './jobScript.js';
import { outputPaths } from './outputNames.js';
import { installModels } from './modelsOnCluster.js';
import { readJob, updateJob, writeJob, type BatchJob, type BatchTask } from './journal.js';
import { publishTask, recipeRan, type Publisher } from './publishTask.js';
import { readRecipe } from './recipeFile.js';
import { failureLine } from './taskLog.js';
import { installWorkerBundle } from './workerBundle.js';

export interface BatchRequest {
  recipe: string;
  /** Scans as paths on the cluster's file system. */
  inputs: string[];
  /** Folder on the cluster for the labelmaps. */
  outDir: string;
  /** The user's Voxbench folder on the cluster (bundle, job folders). */
  remoteRoot: string;
  bundleDir: string;
  resources: Resources;
  where: BatchJob['where'];
  /** The sync target every finished task's labelmap goes to as a derived dataset. */
  publish?: BatchJob['publish'];
  /** The model library the recipe's model steps are found in (their files go to the cluster with the job). */
  models?: ModelFolders;
  /** Where the sync targets are, for inputs that are data-centre datasets (s3://<target>/<dataset key>). */
  sync?: SyncSettings;
  /** Hears the bytes of the worker bundle, the models and the pulled datasets put on the cluster. */
  progress?: UploadProgress;
}

async function sbatch(cluster: Cluster, job: BatchJob, indices: number[], throttle: number, before: string): Promise<string> {
  const submitted = await cluster.exec(`${before} && sbatch --parsable --array=${indices.join(',')}%${throttle} ${shellWord(`${job.jobDir}/job.sh`)}`);
  const id = /^(\d+)/.exec(submitted.stdout.trim())?.[1];
  if (submitted.code !== 0 || !id) throw new VoxbenchError('SubmitFailed', `sbatch refused job ${job.id}: ${submitted.stderr.trim() || submitted.stdout.trim()}`);
  return id;
}

/** Runs the tasks here, `parallel` at a time, through the same script Slurm would run. */
async function runHere(cluster: Cluster, job: BatchJob, indices: number[], parallel: number, attempt: string): Promise<void> {
  const queue = [...indices];
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      await cluster.exec(`SLURM_ARRAY_TASK_ID=${i} SLURM_ARRAY_JOB_ID=${attempt} bash ${shellWord(`${job.jobDir}/job.sh`)} > ${shellWord(`${job.jobDir}/logs/${i}.log`)} 2>&1`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, indices.length) }, worker));
}

/** Submits `indices` of the job (all at first, the failed ones on resubmit) and records where they run, in `job`. */
async function launch(cluster: Cluster, job: BatchJob, indices: number[], throttle: number): Promise<string> {
  // The results of earlier attempts go in the same round trip as the submission.
  const clear = `rm -f ${indices.map((i) => shellWord(`${job.jobDir}/results/${i}.json`)).join(' ')}`;
  const attempt = job.where.kind === 'slurm' ? await sbatch(cluster, job, indices, throttle, clear) : (await cluster.exec(clear), `local${job.submissions.length}`);
  job.submissions.push(attempt);
  if (job.where.kind === 'local') job.runner = process.pid;
  for (const i of indices) Object.assign(job.tasks[i]!, { state: 'pending', slurmTask: `${attempt}_${i}`, attempts: job.tasks[i]!.attempts + 1, reason: undefined, cancelledAt: undefined, node: undefined, seconds: undefined, models: undefined });
  return attempt;
}

export interface Started {
  job: BatchJob;
  /** Ends when the tasks run here have (at once for Slurm, whose tasks run on their own). */
  ran: Promise<void>;
}

/** Starts `indices` under the journal's lock; tasks run here run after the lock is let go, so refreshers see them. */
async function start(cluster: Cluster, journalDir: string, id: string, indices: (job: BatchJob) => number[], throttle: number): Promise<Started> {
  let started: { indices: number[]; attempt: string } | undefined;
  const job = await updateJob(journalDir, id, async (job) => {
    const chosen = indices(job);
    if (chosen.length) started = { indices: chosen, attempt: await launch(cluster, job, chosen, throttle) };
  });
  const ran = started && job.where.kind === 'local' ? runHere(cluster, job, started.indices, job.where.parallel, started.attempt) : Promise.resolve();
  return { job, ran };
}

export async function submitBatch(cluster: Cluster, journalDir: string, request: BatchRequest): Promise<Started> {
  const id = `b${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const bundle = await installWorkerBundle(cluster, request.bundleDir, request.remoteRoot, request.progress);
  const jobDir = `${request.remoteRoot}/jobs/${id}`;
  const recipe = `${jobDir}/recipe.json`;
  const onThisMachine = request.where.kind === 'local' || !request.where.login;
  const inputs = await resolveDatasetInputs(cluster, request.inputs, jobDir, request.remoteRoot, onThisMachine, request.sync, undefined, request.progress);
  // An input that could not be pulled is a failed task from the start, never run.
  const outputs = outputPaths(request.outDir, request.inputs);
  const tasks: BatchTask[] = inputs.map((input, index) => ({ index, ...input, output: outputs[index]!, state: input.reason ? 'failed' : 'pending', attempts: 0 }));
  await cluster.writeFile(recipe, await readFile(request.recipe));
  await installModels(cluster, await readRecipe(request.recipe), request.models, request.remoteRoot, jobDir, request.progress);
  await cluster.writeFile(`${jobDir}/tasks.tsv`, tasks.map((task) => `${task.input}\t${task.output}\n`).join(''));
  await cluster.writeFile(`${jobDir}/job.sh`, jobScript({ id, jobDir, bundle, recipe }, request.resources), 0o755);
  await cluster.exec(`mkdir -p ${['logs', 'results', 'ran'].map((folder) => shellWord(`${jobDir}/${folder}`)).join(' ')} ${shellWord(request.outDir)}`);
  const job: BatchJob = { version: 1, id, createdAt: new Date().toISOString(), recipe: request.recipe, jobDir, bundle, where: request.where, ...(request.publish && { publish: request.publish }), submissions: [], tasks };
  await writeJob(journalDir, job);
  return start(cluster, journalDir, id, () => tasks.filter((task) => !task.reason).map((task) => task.index), request.resources.throttle);
}

interface Result {
  exit: number;
  node: string;
  ms: number;
  task: string;
  sha256: string;
  models?: unknown;
}

/** Asks the cluster about every open task and records what it says, under the journal's lock; with a publisher, hands every finished task's labelmap to the sync queue. */
export async function refreshBatch(cluster: Cluster, journalDir: string, id: string, publisher?: Publisher): Promise<BatchJob> {
  let unpublished: unknown;
  const job = await updateJob(journalDir, id, async (job) => {
    await recordStates(cluster, job);
    // The states are written even when publishing fails (the target offline): the next refresh tries again.
    if (publisher && job.publish) await publishFinished(cluster, publisher, job).catch((error: unknown) => (unpublished = error));
  });
  if (unpublished) throw unpublished;
  return job;
}

const modelsRanSchema = z.array(modelRanSchema);

async function recordStates(cluster: Cluster, job: BatchJob): Promise<void> {
  const open = job.tasks.filter((task) => task.state === 'pending' || task.state === 'running');
  if (!open.length) return;
  // One round trip: Slurm first, results second (a task that leaves the queue in between has written its result
  // by then), with squeue's exit status between them, so a Slurm that does not answer fails no task (a job it has
  // forgotten is no such failure: its tasks ended).
  const submissions = [...new Set(open.map((task) => task.slurmTask!.split('_')[0]!))];
  const squeue = job.where.kind === 'slurm' ? `squeue -h -r -j ${submissions.join(',')} -o '%i|%T|%N'` : 'true';
  const asked = await cluster.exec(`${squeue}; echo "squeue exit $?"; cat ${shellWord(job.jobDir)}/results/*.json 2>/dev/null`);
  const [, queueText = '', code, resultText = ''] = /^([\s\S]*?)squeue exit (\d+)\n([\s\S]*)$/.exec(asked.stdout) ?? [];
  if (code !== '0' && !/Invalid job id/i.test(asked.stderr)) throw new VoxbenchError('SlurmUnreachable', `squeue on the cluster failed (${code ?? 'no answer'}): ${asked.stderr.trim().split('\n').at(-1) ?? ''}`);
  const queued = new Map<string, { state: string; node: string }>();
  for (const line of queueText.split('\n').filter(Boolean)) {
    const [task, state, node] = line.split('|') as [string, string, string];
    queued.set(task, { state, node });
  }
  const results = new Map<string, Result>();
  for (const line of resultText.split('\n').filter(Boolean)) {
    const result = JSON.parse(line) as Result;
    results.set(result.task, result);
  }
  for (const task of open) {
    const result = results.get(task.slurmTask!);
    const inQueue = queued.get(task.slurmTask!);
    if (result) {
      const models = modelsRanSchema.safeParse(result.models);
      Object.assign(task, { state: result.exit === 0 ? 'done' : 'failed', node: result.node, seconds: result.ms / 1000, ...(/^[0-9a-f]{64}$/.test(result.sha256) && { inputSha256: result.sha256 }), models: models.success && models.data.length ? models.data : undefined });
      if (result.exit !== 0) task.reason = `exit code ${result.exit}: ${(await logFailure(cluster, job, task.index)) ?? 'no output'}`;
    } else if (inQueue) {
      Object.assign(task, { state: inQueue.state === 'PENDING' ? 'pending' : 'running', ...(inQueue.node && { node: inQueue.node }) });
    } else if (job.where.kind === 'slurm') {
      Object.assign(task, { state: 'failed', reason: await slurmEnding(cluster, task) });
    } else if (job.runner !== undefined && !processAlive(job.runner)) {
      Object.assign(task, { state: 'failed', reason: `the Voxbench process that ran it here (pid ${job.runner}) ended before it finished; resubmit it` });
    }
  }
}

/** Publishes the finished tasks not yet handed over, in order; what is handed over stays so when a later one fails. */
async function publishFinished(cluster: Cluster, publisher: Publisher, job: BatchJob): Promise<void> {
  const waiting = job.tasks.filter((task) => task.state === 'done' && !task.published);
  if (!waiting.length) return;
  const recipe = await recipeRan(cluster, job);
  for (const task of waiting) task.published = await publishTask(cluster, publisher, job, task, recipe);
}

/** Why Slurm ended a task that left no result: its state and reason while scontrol still remembers it. */
async function slurmEnding(cluster: Cluster, { slurmTask, cancelledAt }: BatchTask): Promise<string> {
  const shown = await cluster.exec(`scontrol -o show job ${slurmTask!}`);
  const state = /JobState=(\S+)/.exec(shown.stdout)?.[1];
  const reason = /Reason=(\S+)/.exec(shown.stdout)?.[1];
  if (!state && cancelledAt) return `Slurm task ${slurmTask} CANCELLED (cancel asked at ${cancelledAt}) before it wrote a result`;
  if (!state) return `Slurm task ${slurmTask} ended without a result (Slurm no longer knows it: node failure or purged)`;
  return `Slurm task ${slurmTask} ended ${state}${reason && reason !== 'None' ? ` (${reason})` : ''} without a result`;
}

async function logFailure(cluster: Cluster, job: BatchJob, index: number): Promise<string | undefined> {
  return failureLine((await cluster.exec(`tail -n 60 ${shellWord(`${job.jobDir}/logs/${index}.log`)}`)).stdout);
}

/** Cancels one task, or every open one. */
export async function cancelBatch(cluster: Cluster, journalDir: string, id: string, index?: number): Promise<BatchJob> {
  await updateJob(journalDir, id, async (job) => {
    if (job.where.kind !== 'slurm') throw new VoxbenchError('NotCancellable', `Job ${id} ran here, not on Slurm; it has no queue to cancel from.`);
    const targets = index === undefined ? job.submissions : [job.tasks[index]?.slurmTask ?? missingTask(id, index)];
    const cancelled = await cluster.exec(`scancel ${targets.join(' ')}`);
    if (cancelled.code !== 0) throw new VoxbenchError('CancelFailed', `scancel ${targets.join(' ')}: ${cancelled.stderr.trim()}`);
    const cancelledAt = new Date().toISOString();
    for (const task of job.tasks) if ((index === undefined || task.index === index) && (task.state === 'pending' || task.state === 'running')) task.cancelledAt = cancelledAt;
  });
  return refreshBatch(cluster, journalDir, id);
}

/** Starts the failed tasks again, and only those; a dataset that could not be pulled is pulled again first. */
export async function resubmitFailed(cluster: Cluster, journalDir: string, id: string, throttle: number, sync?: SyncSettings): Promise<Started> {
  await pullAgain(cluster, journalDir, id, sync);
  return start(cluster, journalDir, id, (job) => job.tasks.filter((task) => task.state === 'failed' && !unpulled(task)).map((task) => task.index), throttle);
}

/** Pulls the datasets of failed tasks whose pull failed; a task pulled now gets its scan in tasks.tsv, one that fails again keeps why. */
async function pullAgain(cluster: Cluster, journalDir: string, id: string, sync: SyncSettings | undefined): Promise<void> {
  const job = await readJob(journalDir, id);
  const tasks = job.tasks.filter((task) => task.state === 'failed' && unpulled(task));
  if (!tasks.length) return;
  const remoteRoot = job.jobDir.slice(0, job.jobDir.lastIndexOf('/jobs/'));
  const local = job.where.kind === 'local' || !job.where.login;
  const inputs = await resolveDatasetInputs(cluster, tasks.map((task) => task.input), job.jobDir, remoteRoot, local, sync, tasks.map((task) => task.index));
  await updateJob(journalDir, id, async (current) => {
    tasks.forEach((task, k) => Object.assign(current.tasks[task.index]!, { reason: undefined, ...inputs[k] }));
    await cluster.writeFile(`${current.jobDir}/tasks.tsv`, current.tasks.map((task) => `${task.input}\t${task.output}\n`).join(''));
  });
}

/**
 * Waits on the cluster, not here, until a task writes its result (or `seconds` pass: Slurm may end a task that
 * writes none): one round trip that answers within 0.2 s of a task's end, where polling Slurm every half second
 * costs the login node, slurmctld and a busy machine's cores a round trip each time.
 */
async function nextResult(cluster: Cluster, job: BatchJob, seconds: number): Promise<void> {
  const seen = job.tasks.filter((task) => (task.state === 'done' || task.state === 'failed') && task.seconds !== undefined).length;
  // Counted by bash's own glob (bash named: a login shell there may be another): the loop starts no process but sleep.
  const loop = `cd ${shellWord(`${job.jobDir}/results`)} && shopt -s nullglob && for ((i = 0; i < ${seconds * 5}; i++)); do r=(*.json); [ \${#r[@]} != ${seen} ] && break; sleep 0.2; done`;
  await cluster.exec(`bash -c ${shellWord(loop)}`);
}

/** Refreshes until no task is open (and, with a publisher, every finished one is handed to the sync queue). */
export async function waitForBatch(cluster: Cluster, journalDir: string, id: string, publisher?: Publisher, waitSeconds = 5): Promise<BatchJob> {
  for (;;) {
    const job = await refreshBatch(cluster, journalDir, id, publisher);
    const handedOver = !publisher || !job.publish || job.tasks.every((task) => task.state !== 'done' || task.published);
    const closed = job.tasks.every((task) => task.state === 'done' || task.state === 'failed');
    if (handedOver && closed) return job;
    if (closed) await new Promise((resolve) => setTimeout(resolve, 500)); // only pushes are left: the sync queue's
    else await nextResult(cluster, job, waitSeconds);
  }
}

function missingTask(id: string, index: number): never {
  throw new VoxbenchError('UnknownBatchTask', `Job ${id} has no task ${index}.`);
}
