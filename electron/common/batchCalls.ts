// The contract entries of the batch domain (recipes, and batch jobs over many scans for the Jobs panel), spread into contract.ts.
import { z } from 'zod';
import { call, noParams } from './call.js';
import { clusterSchema, type Cluster } from './clusterModel.js';
import type { SegmentationInfo } from './segmentCalls.js';

const volumeId = z.string().min(1);
const filePath = z.string().min(1);

export interface SavedRecipe {
  path: string;
  /** Steps the recipe replays. */
  steps: number;
  /** Log entries left out (hand strokes, imported files), each with why. */
  notReplayable: { index: number; action: string; reason: string }[];
}

/** Where a batch job's tasks run: here, N at a time, or on Slurm (directly, or through SSH to a login node). */
export const batchWhereSchema = z.union([
  z.object({ kind: z.literal('local'), parallel: z.number().int().min(1) }),
  z.object({ kind: z.literal('slurm'), login: z.object({ host: z.string(), port: z.number().int(), username: z.string(), privateKey: z.string(), knownHosts: z.string() }).optional() }),
]);

export type BatchTaskState = 'pending' | 'running' | 'done' | 'failed';

/** A batch job as the Jobs panel shows it, from the journal after asking the cluster. */
export interface BatchJobView {
  id: string;
  createdAt: string;
  recipe: string;
  /** "here" or "Slurm via user@host:port". */
  where: string;
  cancellable: boolean;
  /** Slurm job ids of every submission. */
  submissions: string[];
  tasks: { index: number; input: string; output: string; state: BatchTaskState; node?: string; seconds?: number; reason?: string; attempts: number; published?: string }[];
  /** Why the cluster could not be asked this time (the states shown are the journal's last). */
  unreachable?: string;
}

const jobId = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const batchCalls = {
  /** "Save as recipe": the parametric steps of the volume's operation log, in world units, as a recipe file. */
  'batch.saveRecipe': call(z.object({ volumeId, path: filePath, name: z.string().min(1).max(200).optional() }).strict()).returns<SavedRecipe>(),
  /** Runs a recipe file on an open volume, replacing its segmentation. */
  'batch.replayRecipe': call(z.object({ volumeId, path: filePath }).strict()).returns<SegmentationInfo>(),
  /** Runs a recipe over scans: here, `parallel` at a time (the same script a Slurm array runs), or on the saved
   * `cluster` as one job array. `inputs` are files on this computer (uploaded to a cluster first, once per content);
   * `clusterInputs` are paths on the cluster's file system, read there only. With `target`, each labelmap is pushed
   * there. `outDir` is on the cluster for a cluster run (relative: under the user's home there). Uploads report their
   * bytes on the progress stream as `job`. Returns once submitted. */
  'batch.run': call(
    z
      .object({
        recipe: filePath,
        inputs: z.array(filePath).max(10_000),
        clusterInputs: z.array(filePath).max(10_000).optional(),
        outDir: filePath,
        parallel: z.number().int().min(1).max(64),
        cluster: z.string().min(1).optional(),
        target: z.string().min(1).optional(),
        job: z.string().min(1).optional(),
      })
      .strict(),
  ).returns<BatchJobView>(),
  /** Every batch job in the journal, newest first; open ones are asked about again (this is how a restarted app reattaches). */
  'batch.jobs': call(z.object({}).strict()).returns<BatchJobView[]>(),
  /** The last lines of one task's log. */
  'batch.taskLog': call(z.object({ id: jobId, task: z.number().int().min(0) }).strict()).returns<{ lines: string[] }>(),
  /** Cancels one task of a Slurm job, or all its open tasks. */
  'batch.cancel': call(z.object({ id: jobId, task: z.number().int().min(0).optional() }).strict()).returns<BatchJobView>(),
  /** Starts the failed tasks again, and only those. */
  'batch.resubmit': call(z.object({ id: jobId }).strict()).returns<BatchJobView>(),
  /** The saved Slurm clusters. */
  'batch.clusters': call(noParams).returns<Cluster[]>(),
  /** Adds or replaces a cluster (nothing secret is stored: the key stays a path). */
  'batch.saveCluster': call(z.object({ cluster: clusterSchema }).strict()).returns<Cluster>(),
  'batch.removeCluster': call(z.object({ name: z.string().min(1) }).strict()).returns<null>(),
  /** Test connection: SSH to the login node (host key checked, never accepted blindly) and sinfo there, in words. */
  'batch.testCluster': call(z.object({ cluster: clusterSchema }).strict()).returns<{ answer: string }>(),
};
