// The Jobs panel submitting to Slurm (a real one-node Slurm behind a real sshd on loopback, test/dc/slurm.ts):
// the cluster set up in the panel (Test connection refuses a login node missing from known_hosts, then a partition
// Slurm lacks, then answers with sinfo's partitions), three scans chosen in the host Open dialog (uploaded to the cluster) and one
// typed as a path on the cluster, one task at a time; one task cancelled from the panel shows failed with Slurm's
// reason, is resubmitted from the panel, and the browser-mode server process is restarted while it runs: the new
// process reattaches to the job from its journal and shows every task done. Every labelmap holds the filled box's
// 16³ = 4096 voxels (make_batch.py). Screenshots of the panel with the job running at 1280×800 and 1440×900.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSlurm, stopSlurm, type SlurmCluster } from '../dc/slurm';
import { generatedDir } from '../fixtures/reference';
import { chooseScans, labelled, saveBoxRecipe, taskStates } from './batchPage';
import { openSession, RESULTS, startBrowserMode, type Server, type Session } from './harness';

const scan = (i: number) => join(generatedDir, 'batch', `scan_${i}.nii.gz`);
let session: Session;
let slurm: SlurmCluster;
let restarted: Server | undefined;
let work: string;
let scans: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'voxbench-jobs-slurm-e2e-'));
  scans = join(work, 'scans');
  mkdirSync(scans);
  for (const i of [0, 1, 2]) copyFileSync(scan(i), join(scans, `scan_${i}.nii.gz`));
  process.env.VOXBENCH_CONFIG_DIR = join(work, 'settings'); // clusters and the job journal live here, for both server processes
  slurm = await startSlurm();
  session = await openSession(['--browse', scans]);
  await session.page.setViewportSize({ width: 1280, height: 800 });
}, 120_000);

afterAll(async () => {
  await session?.close();
  restarted?.stop();
  if (slurm) await stopSlurm(slurm);
  if (work) await rm(work, { recursive: true, force: true });
});

test('submit to Slurm from the Jobs panel: set up the cluster, cancel a task, resubmit it, restart the server, all done', { timeout: 420_000 }, async () => {
  const { page } = session;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  const recipe = join(work, 'box.recipe.json');
  await saveBoxRecipe(session.server.url, scan(0), recipe);
  const panel = page.locator('[data-testid=jobs-panel]');

  // The cluster, as a user sets it up: an unknown login node is refused with what to do, never trusted.
  await panel.getByTestId('cluster-add').click();
  const form = panel.getByTestId('cluster-form');
  const fill = (label: string, value: string) => form.getByLabel(label, { exact: true }).fill(value);
  const unknownHosts = join(work, 'known_hosts_without_it');
  writeFileSync(unknownHosts, '');
  await fill('Cluster name', 'dc');
  await fill('Login node', slurm.login.host);
  await fill('SSH port', String(slurm.login.port));
  await fill('User', slurm.login.username);
  await fill('Private key file (on this computer)', slurm.login.privateKey);
  await fill('known_hosts file (on this computer)', unknownHosts);
  await fill('Partition (optional)', 'batch');
  await fill('Tasks at once (%N)', '1');
  await fill('Voxbench folder there (optional, default ~/.voxbench)', join(work, 'cluster'));
  await form.getByTestId('cluster-test').click();
  const answer = form.getByTestId('cluster-test-result');
  await expect.poll(() => answer.innerText(), { timeout: 30_000 }).toMatch(/holds no key for \[127\.0\.0\.1\]:\d+: the login node is unknown/);
  await fill('known_hosts file (on this computer)', slurm.login.knownHosts);
  await fill('Partition (optional)', 'gpu');
  await form.getByTestId('cluster-test').click();
  await expect.poll(() => answer.innerText(), { timeout: 30_000 }).toMatch(/: Slurm has no partition gpu \(it has batch\)\.$/);
  await fill('Partition (optional)', 'batch');
  await form.getByTestId('cluster-test').click();
  await expect.poll(() => answer.innerText(), { timeout: 30_000 }).toMatch(/: Slurm answers: partition batch\* up, 1 node \w+; Node\.js v\d+/);
  await form.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'jobs-slurm-cluster-form.png') });
  await form.getByTestId('cluster-save').click();
  await expect.poll(() => form.count()).toBe(0);

  // Three scans from this computer, one already on the cluster, one task at a time.
  await panel.getByLabel('Run on').selectOption('dc');
  await expect(panel.getByTestId('cluster-summary').innerText()).resolves.toMatch(/partition batch, 1 at a time/);
  await panel.getByLabel('Recipe file').fill(recipe);
  await chooseScans(page, panel, scans, ['scan_0.nii.gz', 'scan_1.nii.gz', 'scan_2.nii.gz']);
  await panel.getByLabel('Paths on the cluster').fill(scan(3));
  const out = join(work, 'out');
  await panel.getByLabel('Output folder on the cluster').fill(out);
  await panel.getByRole('button', { name: 'Submit to dc' }).click();

  const job = panel.locator('[data-testid=batch-job]').first();
  await expect.poll(() => job.getByTestId('batch-job-summary').innerText(), { timeout: 120_000 }).toMatch(/^job \S+ · Slurm via .*@127\.0\.0\.1:\d+ · \d\/4 done · Slurm job \d+$/);
  const last = job.locator('[data-testid=batch-task]').nth(3);
  await last.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => last.getAttribute('data-state')).toBe('failed');
  await expect(job.getByTestId('batch-task-reason').innerText()).resolves.toMatch(/Slurm task \d+_3 (ended )?CANCELLED/);

  // A task running (or, with Slurm launching the next array task at once, all three done already) before the screenshots.
  await expect.poll(async () => { const states = await taskStates(panel); return states.includes('running') || states.slice(0, 3).every((state) => state === 'done'); }, { timeout: 60_000, interval: 200 }).toBe(true);
  for (const [width, height] of [[1280, 800], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await job.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, `jobs-slurm-running-${width}x${height}.png`) });
  }
  await expect.poll(() => taskStates(panel), { timeout: 180_000 }).toEqual(['done', 'done', 'done', 'failed']);

  await job.getByRole('button', { name: 'Resubmit failed' }).click();
  await expect.poll(() => job.getByTestId('batch-job-summary').innerText()).toMatch(/ · Slurm job \d+, \d+$/);

  // The server process goes away and a new one (same settings folder, so the same journal) takes over the job.
  const id = await job.getAttribute('data-id');
  const stopped = new Promise((resolve) => session.server.process.once('exit', resolve));
  session.server.stop();
  await stopped;
  restarted = await startBrowserMode(['--browse', scans]);
  await page.goto(restarted.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  await expect(job.getAttribute('data-id')).resolves.toBe(id);
  await expect.poll(() => taskStates(panel), { timeout: 120_000 }).toEqual(['done', 'done', 'done', 'done']);
  await expect(job.getByTestId('batch-job-summary').innerText()).resolves.toMatch(/4\/4 done · Slurm job \d+, \d+$/);
  await job.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'jobs-slurm-reattached.png') });
  for (const i of [0, 1, 2, 3]) expect(labelled(join(out, `scan_${i}.labels.nii.gz`))).toBe(4096);
});
