// The batch job journal: one JSON file per job on the submitting machine, the only record that outlives Slurm
// (this cluster keeps no accounting). Written durably under its lock; any process can reattach to a job from it.
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { batchWhereSchema } from '../../common/batchCalls.js';
import { VoxbenchError } from '../../common/errors.js';
import { modelRanSchema } from '../../common/syncModel.js';
import { replaceDurably, writeDurably } from '../durableFile.js';
import { withFileLock } from '../fileLock.js';

const taskSchema = z.object({
  index: z.number().int().min(0),
  input: z.string(),
  /** The data-centre dataset `input` was pulled from (s3://<target>/<dataset key>) and its catalogue pid. */
  dataset: z.object({ location: z.string(), pid: z.string().min(1) }).optional(),
  output: z.string(),
  state: z.enum(['pending', 'running', 'done', 'failed']),
  /** The Slurm array task of the latest attempt ("1234_5"), or local. */
  slurmTask: z.string().optional(),
  node: z.string().optional(),
  seconds: z.number().optional(),
  reason: z.string().optional(),
  /** When scancel was asked for the latest attempt: Slurm forgets a cancelled pending array task at once (no accounting here). */
  cancelledAt: z.string().optional(),
  attempts: z.number().int().min(0),
  /** SHA-256 of the input as the task read it (of a folder: of its sorted `sha256sum` listing), from its result. */
  inputSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** The models the task's latest attempt ran and where each ran (provider, device, providers skipped and why), from its result. */
  models: z.array(modelRanSchema).optional(),
  /** The sync job (and catalogue pid) of the task's labelmap, once handed to the sync queue. */
  published: z.string().optional(),
});

export const batchJobSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  createdAt: z.string(),
  recipe: z.string(),
  /** Where the job's script, task list, logs and results live, on the cluster's file system. */
  jobDir: z.string(),
  bundle: z.string(),
  where: batchWhereSchema,
  /** The sync target every finished task's labelmap is pushed to, as a derived dataset. */
  publish: z.object({ target: z.string().min(1) }).optional(),
  /** For a job run here: the process running its latest submission's tasks (a task it never finished fails once it is gone). */
  runner: z.number().int().optional(),
  /** Slurm job ids of every submission, first and resubmits. */
  submissions: z.array(z.string()),
  tasks: z.array(taskSchema),
});
export type BatchJob = z.output<typeof batchJobSchema>;
export type BatchTask = BatchJob['tasks'][number];

const fileOf = (dir: string, id: string) => join(dir, `${id}.json`);

export async function readJob(dir: string, id: string): Promise<BatchJob> {
  const text = await readFile(fileOf(dir, id), 'utf8').catch(() => {
    throw new VoxbenchError('UnknownBatchJob', `No batch job ${id} in ${dir}.`);
  });
  const parsed = batchJobSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new VoxbenchError('BadBatchJournal', `${fileOf(dir, id)}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/** Every job in the journal, newest first. */
export async function listJobs(dir: string): Promise<BatchJob[]> {
  const names = await readdir(dir).catch(() => []);
  const jobs = await Promise.all(names.filter((name) => /^[A-Za-z0-9_-]+\.json$/.test(name)).map((name) => readJob(dir, name.slice(0, -'.json'.length))));
  return jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const serialised = (job: BatchJob) => `${JSON.stringify(batchJobSchema.parse(job), null, 1)}\n`;

/** Writes a new job's first record (nobody else knows its id yet). */
export async function writeJob(dir: string, job: BatchJob): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return writeDurably(fileOf(dir, job.id), serialised(job));
}


/** Reads the job, lets `change` change it and writes it back, all under the journal file's lock: two processes refreshing one job never lose each other's changes. */
export async function updateJob(dir: string, id: string, change: (job: BatchJob) => Promise<void>): Promise<BatchJob> {
  return withFileLock(fileOf(dir, id), async () => {
    const job = await readJob(dir, id);
    await change(job);
    await replaceDurably(fileOf(dir, id), serialised(job));
    return job;
  });
}
