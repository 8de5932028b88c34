// One SSH connection per login node (user, host, port), shared by every refresh, cancel, resubmit and log tail of
// the jobs that run there: a Jobs panel refreshing every few seconds would otherwise log in every few seconds. A
// connection that drops is forgotten and the next use logs in again; close() ends them all (services close()).
import type { BatchJob } from './journal.js';
import { directCluster, type Cluster } from './cluster.js';
import type { LoginNode } from './sshCluster.js';

const keyOf = ({ username, host, port }: LoginNode) => `${username}@${host}:${port}`;

export class LoginConnections {
  private readonly open = new Map<string, Promise<Cluster>>();

  /** The cluster a job runs on: its login node's connection (opened now if there is none), or this machine. */
  of(where: BatchJob['where']): Promise<Cluster> {
    if (where.kind !== 'slurm' || !where.login) return Promise.resolve(directCluster);
    const { login } = where;
    const key = keyOf(login);
    const known = this.open.get(key);
    if (known) return known;
    const forget = () => {
      if (this.open.get(key) === connecting) this.open.delete(key);
    };
    // ssh2 loads with the first connection: services of a cluster task (recipe run) never need it.
    const connecting = import('./sshCluster.js').then(({ sshCluster }) => sshCluster(login, forget));
    connecting.catch(forget);
    this.open.set(key, connecting);
    return connecting;
  }

  /** Ends the connections to every login node but those of `wanted` (the jobs still open). */
  async keepOnly(wanted: BatchJob['where'][]): Promise<void> {
    const kept = new Set(wanted.flatMap((where) => (where.kind === 'slurm' && where.login ? [keyOf(where.login)] : [])));
    await this.end([...this.open.keys()].filter((key) => !kept.has(key)));
  }

  close(): Promise<void> {
    return this.end([...this.open.keys()]);
  }

  private async end(keys: string[]): Promise<void> {
    const ending = keys.map((key) => this.open.get(key)!);
    keys.forEach((key) => this.open.delete(key));
    await Promise.all(ending.map((connection) => connection.then((cluster) => cluster.close(), () => undefined)));
  }
}
