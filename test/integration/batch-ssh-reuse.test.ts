// The Jobs panel's refreshes of a job on a login node share one SSH connection: counted in the real sshd's log
// ("Accepted publickey", one line per login), a dropped connection is opened again on the next refresh, and the
// services' close() ends it (no sshd session process is left).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSlurm, stopSlurm, type SlurmCluster } from '../dc/slurm';
import { writeJob } from '../../electron/services/batch/journal';
import { createServices } from '../../electron/services/services';
import { createHost, noDialogs } from '../../electron/shell/host';
import { call, root } from './segmentHarness';

let slurm: SlurmCluster;
const work = mkdtempSync(join(tmpdir(), 'voxbench-batch-reuse-'));
const REFRESHES = 6;

beforeAll(async () => {
  slurm = await startSlurm();
}, 120_000);
afterAll(async () => {
  if (slurm) await stopSlurm(slurm);
});

const logins = () => readFileSync(join(slurm.sshBase, 'sshd.log'), 'utf8').split('\n').filter((line) => line.includes('Accepted publickey')).length;
/** sshd's processes serving a connection: the children of the listening daemon. */
const sessions = () => {
  const listener = readFileSync(join(slurm.sshBase, 'sshd.pid'), 'utf8').trim();
  try {
    return execFileSync('pgrep', ['-P', listener], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
};
const until = async (done: () => boolean) => {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return done();
};

test(`${REFRESHES} refreshes of an open Slurm job make one SSH connection; a dropped one is opened again; close() ends it`, { timeout: 120_000 }, async () => {
  const submitted = execFileSync('sbatch', ['--parsable', '--array=0', `--output=${join(work, 'sleep.log')}`, '--wrap', 'sleep 300'], { env: { ...process.env, SLURM_CONF: slurm.slurmConf }, encoding: 'utf8' });
  const slurmJob = submitted.trim().split(';')[0]!;
  const settingsDir = join(work, 'settings');
  const jobDir = join(work, 'job');
  await writeJob(join(settingsDir, 'batch'), {
    version: 1, id: 'reuse', createdAt: new Date().toISOString(), recipe: join(work, 'r.json'), jobDir, bundle: join(work, 'bundle'),
    where: { kind: 'slurm', login: slurm.login }, submissions: [slurmJob],
    tasks: [{ index: 0, input: join(work, 'in.nii.gz'), output: join(work, 'out.nii.gz'), state: 'pending', slurmTask: `${slurmJob}_0`, attempts: 1 }],
  });
  const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, sync: { settingsDir } }));
  const before = logins();
  try {
    for (let i = 0; i < REFRESHES; i++) {
      const [view] = await call(host, 'batch.jobs', {});
      expect(view).toMatchObject({ id: 'reuse', tasks: [{ state: expect.stringMatching(/^(pending|running)$/) }] });
      expect(view!.unreachable).toBeUndefined();
    }
    expect(logins() - before).toBe(1);
    expect(sessions()).toHaveLength(1);

    process.kill(sessions()[0]!, 'SIGTERM'); // the connection drops (a login node restarting, a network cut)
    expect(await until(() => sessions().length === 0)).toBe(true);
    // The refresh that meets the dead connection may say it could not ask; the one after it has logged in again.
    let answered = false;
    for (let i = 0; i < 3 && !answered; i++) answered = (await call(host, 'batch.jobs', {}))[0]!.unreachable === undefined;
    expect(answered).toBe(true);
    for (let i = 0; i < REFRESHES; i++) await call(host, 'batch.jobs', {});
    expect(logins() - before).toBe(2);
  } finally {
    await host.close();
    execFileSync('scancel', [slurmJob], { env: { ...process.env, SLURM_CONF: slurm.slurmConf } });
  }
  expect(await until(() => sessions().length === 0)).toBe(true);
});
