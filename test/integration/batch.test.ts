// A recipe over 8 scans as one Slurm job array through SSH to a login node (real Slurm 22.05, real sshd with its
// host key checked), every labelmap equal to the same recipe run here; one task scancelled, shown failed with its
// reason, resubmitted alone and finished; the job reattached from its journal by another process.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSlurm, stopSlurm, type SlurmCluster } from '../dc/slurm';
import { cancelBatch, refreshBatch, resubmitFailed, submitBatch, waitForBatch } from '../../electron/services/batch/batchJobs';
import { directCluster, type Cluster } from '../../electron/services/batch/cluster';
import { sshCluster } from '../../electron/services/batch/sshCluster';
import { readJob, type BatchJob } from '../../electron/services/batch/journal';
import { batchFixture, saveSessionRecipe } from './batchFixtures';
import { root } from './segmentHarness';

let slurm: SlurmCluster;
let cluster: Cluster;
const work = mkdtempSync(join(tmpdir(), 'voxbench-batch-'));
const recipe = join(work, 'session.recipe.json');
const inputs = Array.from({ length: 8 }, (_, i) => batchFixture(`scan_${i}.nii.gz`));
const resources = { cpus: 1, memMb: 900, minutes: 10, throttle: 8 };
/** Each task's state and reason, shown when an assertion on the states fails. */
const reasons = (job: BatchJob) => job.tasks.map((task) => `${task.index} ${task.state}${task.reason ? `: ${task.reason}` : ''}`).join('\n');
const voxels = (path: string) => gunzipSync(readFileSync(path)).subarray(352);

beforeAll(async () => {
  execFileSync(process.execPath, ['build/build.mjs'], { cwd: root, stdio: 'inherit' });
  slurm = await startSlurm();
  cluster = await sshCluster(slurm.login);
  await saveSessionRecipe(recipe);
}, 240_000);
afterAll(async () => {
  await cluster?.close();
  if (slurm) await stopSlurm(slurm);
});

test('a host key not in known_hosts is refused', async () => {
  const empty = join(work, 'known_hosts');
  execFileSync('touch', [empty]);
  await expect(sshCluster({ ...slurm.login, knownHosts: empty })).rejects.toMatchObject({ kind: 'HostKeyRefused' });
});

test('a recipe over 8 scans through Slurm equals the same run here; a cancelled task fails, is resubmitted alone and finishes', { timeout: 300_000 }, async () => {
  const journal = join(work, 'journal');
  const { job: local, ran } = await submitBatch(directCluster, journal, { recipe, inputs, outDir: join(work, 'local'), remoteRoot: join(work, 'here'), bundleDir: join(root, 'dist', 'worker'), resources, where: { kind: 'local', parallel: 1 } });
  await ran;
  const localDone = await refreshBatch(directCluster, journal, local.id);
  expect(localDone.tasks.map((t) => t.state), reasons(localDone)).toEqual(inputs.map(() => 'done'));

  const began = performance.now();
  const { job } = await submitBatch(cluster, journal, { recipe, inputs, outDir: join(work, 'slurm'), remoteRoot: join(work, 'cluster'), bundleDir: join(root, 'dist', 'worker'), resources, where: { kind: 'slurm', login: slurm.login } });
  const cancelled = await cancelBatch(cluster, journal, job.id, 7);
  expect(cancelled.tasks[7]).toMatchObject({ state: 'failed', reason: expect.stringMatching(/CANCELLED/) });
  const first = await waitForBatch(cluster, journal, job.id);
  const slurmSeconds = (performance.now() - began) / 1000;
  expect(first.tasks.map((t) => t.state), reasons(first)).toEqual([...inputs.slice(1).map(() => 'done'), 'failed']);
  expect(existsSync(first.tasks[7]!.output)).toBe(false);

  await resubmitFailed(cluster, journal, job.id, 8);
  const again = await readJob(journal, job.id);
  expect(again.submissions).toHaveLength(2);
  const done = await waitForBatch(cluster, journal, job.id);
  expect(done.tasks.map((t) => t.state), reasons(done)).toEqual(inputs.map(() => 'done'));
  expect(done.tasks[7]!.attempts).toBe(2);
  done.tasks.forEach((task, i) => expect(Buffer.compare(voxels(task.output), voxels(localDone.tasks[i]!.output)), task.input).toBe(0));
  const localSeconds = localDone.tasks.reduce((sum, t) => sum + t.seconds!, 0);
  console.log(`batch: 7 tasks through Slurm in ${slurmSeconds.toFixed(1)} s; 8 one after another here ${localSeconds.toFixed(1)} s; per task here ${(localSeconds / 8).toFixed(2)} s`);
});

test('the job is reattached from its journal after the submitting process is killed', { timeout: 300_000 }, async () => {
  const journal = join(work, 'journal-killed');
  const args = ['dist/electron/cli.js', 'batch', 'run', '--recipe', recipe, '--out', join(work, 'killed'), '--journal', journal, '--remote-dir', join(work, 'cluster'),
    '--login', `${slurm.login.username}@${slurm.login.host}:${slurm.login.port}`, '--key', slurm.login.privateKey, '--known-hosts', slurm.login.knownHosts, '--mem', '900', ...inputs.slice(0, 6)];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const submitted = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => /submitted (\S+)/.test(chunk.toString()) && resolve(/submitted (\S+)/.exec(chunk.toString())![1]!));
    child.once('exit', (code) => reject(new Error(`voxbench batch run exited (${code}) before submitting`)));
  });
  // Killed, and reaped: until its parent waits for it a killed process stays a zombie, whose pid still answers as alive.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  const out = execFileSync(process.execPath, ['dist/electron/cli.js', 'batch', 'status', submitted, '--wait', '--journal', journal], { cwd: root, encoding: 'utf8' });
  expect(out.trim().split('\n').map((line) => line.split(' ')[2]), out).toEqual(inputs.slice(0, 6).map(() => 'done'));
});
