// A real one-node Slurm and an SSH "login node" for the batch tests (start-slurm.sh, start-sshd.sh), on ports and
// in folders of their own per run, so parallel runs never meet. The sshd's login shell gets this SLURM_CONF.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const here = import.meta.dirname;
const run = promisify(execFile);

export interface SlurmCluster {
  /** export SLURM_CONF=… for sbatch/squeue/scancel here. */
  slurmConf: string;
  slurmBase: string;
  sshBase: string;
  login: { host: string; port: number; username: string; privateKey: string; knownHosts: string };
}

export async function startSlurm(): Promise<SlurmCluster> {
  const slurmBase = await mkdtemp(join(tmpdir(), 'voxbench-slurm-'));
  const sshBase = await mkdtemp(join(tmpdir(), 'voxbench-sshd-'));
  const [ctld, slurmd, ssh] = [await freePort(), await freePort(), await freePort()];
  const slurmConf = join(slurmBase, 'slurm.conf');
  await run(join(here, 'start-slurm.sh'), [], { env: { ...process.env, BASE: slurmBase, CTLD_PORT: String(ctld), SLURMD_PORT: String(slurmd) }, timeout: 60_000 });
  await run(join(here, 'start-sshd.sh'), [], { env: { ...process.env, BASE: sshBase, SSHD_PORT: String(ssh), SLURM_CONF: slurmConf }, timeout: 60_000 });
  return { slurmConf, slurmBase, sshBase, login: { host: '127.0.0.1', port: ssh, username: userInfo().username, privateKey: join(sshBase, 'client_key'), knownHosts: join(sshBase, 'known_hosts') } };
}

export async function stopSlurm(cluster: SlurmCluster): Promise<void> {
  await run(join(here, 'stop-sshd.sh'), [], { env: { ...process.env, BASE: cluster.sshBase } });
  await run(join(here, 'stop-slurm.sh'), [], { env: { ...process.env, BASE: cluster.slurmBase } });
  await rm(cluster.sshBase, { recursive: true, force: true });
  await rm(cluster.slurmBase, { recursive: true, force: true });
}
