// A Slurm cluster the Jobs panel submits to: its login node (reached by SSH with a key, the host key checked against
// known_hosts) and the resources each array task asks for. Stored like the sync targets (no secrets: the key is a path).
import { z } from 'zod';

export const clusterSchema = z
  .object({
    name: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().min(1),
    /** Path of the private key on this computer. */
    privateKey: z.string().min(1),
    /** Path of the known_hosts file on this computer that must hold the login node's key. */
    knownHosts: z.string().min(1),
    partition: z.string().min(1).optional(),
    account: z.string().min(1).optional(),
    /** Time limit of each task, in minutes. */
    minutes: z.number().int().min(1).max(60 * 24 * 30).default(60),
    cpus: z.number().int().min(1).max(1024).default(1),
    memMb: z.number().int().min(100).default(2000),
    /** Array tasks running at once (sbatch --array=…%N). */
    throttle: z.number().int().min(1).max(10_000).default(8),
    /** Voxbench's folder on the cluster (worker bundle, uploaded scans, job folders); ~/.voxbench when not given. */
    remoteDir: z.string().min(1).optional(),
  })
  .strict();
export type Cluster = z.output<typeof clusterSchema>;
export type ClusterInput = z.input<typeof clusterSchema>;
