// A finished task's labelmap as a derived dataset in the data centre: read back from the cluster into the sync
// staging folder and pushed by the sync queue (its bytes, the manifest last, then the catalogue entry), with the
// input and its SHA-256, the recipe's steps and models (with the provider each ran on), and the Slurm array job and
// task ids as provenance. Only a task that wrote its result is published, so a task Slurm kills leaves no dataset at
// all; the push is named after the task, so publishing it again (a reattached process, a second refresher) is the
// first push, never a second.
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { recipeSchema, type Recipe } from '../../common/recipe.js';
import { whereModelRan, type Provenance } from '../../common/syncModel.js';
import type { SyncQueue } from '../sync/queue.js';
import { stagingFolder } from '../sync/staging.js';
import type { Cluster } from './cluster.js';
import type { BatchJob, BatchTask } from './journal.js';

export interface Publisher {
  queue: SyncQueue;
  /** The settings folder the queue stages its files in. */
  settingsDir: string;
  software: Provenance['software'];
}

/** The dataset key and catalogue pid of a task's labelmap. */
export const datasetIdOf = (job: BatchJob, task: BatchTask) => `voxbench-${job.id}-${task.index}`;

/** The recipe as the job ran it: the copy in the job's folder on the cluster, not the user's file, which may have changed since. */
export async function recipeRan(cluster: Cluster, job: BatchJob): Promise<Recipe> {
  const path = `${job.jobDir}/recipe.json`;
  const parsed = recipeSchema.safeParse(JSON.parse((await cluster.readFile(path)).toString('utf8')));
  if (!parsed.success) throw new VoxbenchError('BadRecipe', `${path}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function provenanceOf(job: BatchJob, task: BatchTask, recipe: Recipe, software: Provenance['software']): Provenance {
  const jobId = task.slurmTask!.split('_')[0]!;
  return {
    // A pulled dataset is named by its pid, not by where this run put its copy.
    inputScans: task.inputSha256 ? [{ ...(task.dataset ? { id: task.dataset.pid } : { id: task.input, path: task.input }), sha256: task.inputSha256 }] : [],
    software,
    models: recipe.steps.flatMap((step) => (step.kind === 'model' ? [{ name: `${step.model} ${step.version}`.trim(), sha256: step.sha256, parameters: {}, ...whereModelRan(task.models?.find((ran) => ran.sha256 === step.sha256)) }] : [])),
    operations: recipe.steps.map((step) => ({ ...step })),
    compute: { scheduler: job.where.kind, batch: job.id, jobId, arrayTaskId: task.index, ...(task.node && { node: task.node }) },
  };
}

/** Hands the task's labelmap to the sync queue; returns the push's id. */
export async function publishTask(cluster: Cluster, publisher: Publisher, job: BatchJob, task: BatchTask, recipe: Recipe): Promise<string> {
  const id = datasetIdOf(job, task);
  if ((await publisher.queue.jobs()).some((pushed) => pushed.id === id)) return id;
  const path = join(await stagingFolder(publisher.settingsDir), basename(task.output));
  await writeFile(path, await cluster.readFile(task.output));
  const description = `${recipe.name}: ${basename(task.input)} (Voxbench batch ${job.id}, task ${task.index})`;
  await publisher.queue.push({ id, target: job.publish!.target, files: [path], description, provenance: provenanceOf(job, task, recipe, publisher.software) });
  return id;
}
