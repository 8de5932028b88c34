// The Jobs panel in real Chromium against browser mode: a recipe (threshold the hollow box at 300, fill its
// cavity) run here over four scans chosen in the host Open dialog, two at a time, one of them deleted after it was
// chosen; each task's state, node and runtime, the failed one's reason in words, a log tail; every labelmap holds
// the 16³ = 4096 voxels of the filled box (make_batch.py draws it); after a reload the panel lists the job again.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generatedDir } from '../fixtures/reference';
import { chooseScans, labelled, saveBoxRecipe, taskStates } from './batchPage';
import { openSession, RESULTS, type Session } from './harness';

const scan = (i: number) => join(generatedDir, 'batch', `scan_${i}.nii.gz`);
let session: Session;
let work: string;
let scans: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'voxbench-jobs-e2e-'));
  scans = join(work, 'scans');
  mkdirSync(scans);
  for (const i of [0, 1, 2]) copyFileSync(scan(i), join(scans, `scan_${i}.nii.gz`));
  copyFileSync(scan(3), join(scans, 'vanishing.nii.gz'));
  process.env.VOXBENCH_CONFIG_DIR = join(work, 'settings'); // the browser-mode server's journal lives here
  session = await openSession(['--browse', scans]);
  await session.page.setViewportSize({ width: 1280, height: 800 });
});

afterAll(async () => {
  await session?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('run a recipe over scans from the Jobs panel: states, node, runtime, a failure in words, the log; listed again after a reload', { timeout: 180_000 }, async () => {
  const { page } = session;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  const recipe = join(work, 'box.recipe.json');
  await saveBoxRecipe(session.server.url, scan(0), recipe);

  const panel = page.locator('[data-testid=jobs-panel]');
  const out = join(work, 'out');
  await panel.getByLabel('Recipe file').fill(recipe);
  await chooseScans(page, panel, scans, ['scan_0.nii.gz', 'scan_1.nii.gz', 'scan_2.nii.gz', 'vanishing.nii.gz']);
  rmSync(join(scans, 'vanishing.nii.gz')); // gone before its task reads it
  await panel.getByLabel('Output folder').fill(out);
  await panel.getByLabel('At once').fill('2');
  await panel.getByRole('button', { name: 'Run here' }).click();

  await expect.poll(() => taskStates(panel), { timeout: 120_000 }).toEqual(['done', 'done', 'done', 'failed']);
  await expect(panel.locator('[data-testid=batch-task-reason]').innerText()).resolves.toMatch(/exit code \d+: .*vanishing\.nii\.gz/);
  const firstRow = panel.locator('[data-testid=batch-task]').first();
  await expect(firstRow.innerText()).resolves.toMatch(/scan_0\.nii\.gz\s+done\s+\S+ \d+\.\d s/);
  for (const i of [0, 1, 2]) expect(labelled(join(out, `scan_${i}.labels.nii.gz`))).toBe(4096);
  expect(existsSync(join(out, 'vanishing.labels.nii.gz'))).toBe(false);

  await firstRow.getByRole('button', { name: 'Log' }).click();
  await expect(panel.locator('[data-testid=batch-log]').innerText()).resolves.toMatch(/ran 3 steps on .*scan_0\.nii\.gz/);
  await panel.locator('[data-testid=batch-job]').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'jobs-panel.png') });

  await page.reload();
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  await expect.poll(() => taskStates(panel)).toEqual(['done', 'done', 'done', 'failed']);
  await expect(panel.getByRole('button', { name: 'Resubmit failed' }).count()).resolves.toBe(1);
});
