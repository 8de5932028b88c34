// The Jobs panel in real Chromium against browser mode: a recipe (threshold the hollow box at 300, fill its
// cavity) run here over four scans chosen in the host Open dialog, two at a time, one of them deleted after it was
// chosen; each task's state, node and runtime, the failed one's reason in words, a log tail; every labelmap holds
// the 16³ = 4096 voxels of the filled box (make_batch.py draws it); after a reload the panel lists the job again.
// Then two datasets of the loopback RADOS Gateway, each holding a file named scan.nii.gz, are picked in the dataset
// picker beside a local scan and run here together: three labelmaps, none overwriting another (screenshots of the
// picker open at 1280×800 and 1440×900).
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDataCentre, type DataCentre } from '../dc/dataCentre';
import { sampleProvenance } from '../dc/sampleFiles';
import { generatedDir } from '../fixtures/reference';
import { SyncQueue } from '../../electron/services/sync/queue';
import { chooseScans, labelled, saveBoxRecipe, taskStates } from './batchPage';
import { openSession, RESULTS, type Session } from './harness';

const scan = (i: number) => join(generatedDir, 'batch', `scan_${i}.nii.gz`);
let session: Session;
let dc: DataCentre;
let work: string;
let scans: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'voxbench-jobs-e2e-'));
  scans = join(work, 'scans');
  mkdirSync(scans);
  for (const i of [0, 1, 2]) copyFileSync(scan(i), join(scans, `scan_${i}.nii.gz`));
  copyFileSync(scan(3), join(scans, 'vanishing.nii.gz'));
  dc = await startDataCentre();
  await dc.addTarget('dc');
  Object.assign(process.env, dc.env); // the settings (targets, credentials, the batch journal) of this process's pushes and the browser-mode server
  // Two datasets whose one file has the same name, pushed as any user would.
  const queue = new SyncQueue({ settingsDir: dc.settingsDir });
  for (const [i, key] of [[1, 'study-a'], [2, 'study-b']] as const) {
    mkdirSync(join(work, key));
    copyFileSync(scan(i), join(work, key, 'scan.nii.gz'));
    await queue.push({ id: key, target: 'dc', files: [join(work, key, 'scan.nii.gz')], provenance: sampleProvenance, description: key === 'study-a' ? 'Study A' : 'Study B' });
  }
  await queue.idle();
  await queue.close();
  session = await openSession(['--browse', scans]);
  await session.page.setViewportSize({ width: 1280, height: 800 });
}, 180_000);

afterAll(async () => {
  await session?.close();
  await dc?.close();
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

test('datasets from the data centre beside a local scan, run here: each its own labelmap, shown as TARGET / name', { timeout: 180_000 }, async () => {
  const { page } = session;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  const recipe = join(work, 'box-2.recipe.json');
  await saveBoxRecipe(session.server.url, scan(0), recipe);

  const panel = page.locator('[data-testid=jobs-panel]');
  const out = join(work, 'out-datasets');
  await panel.getByLabel('Recipe file').fill(recipe);
  await chooseScans(page, panel, scans, ['scan_0.nii.gz']);
  await panel.getByTestId('batch-add-dataset').click();
  const picker = panel.getByTestId('dataset-picker');
  await expect.poll(() => picker.locator('[data-dataset]').count()).toBe(2);
  await expect(picker.locator('[data-dataset=study-a]').innerText()).resolves.toMatch(/Study A\s+1 file, \d+(\.\d)? KiB, \d{4}-\d\d-\d\d/);
  await picker.getByLabel('Filter datasets').fill('study b');
  await expect.poll(() => picker.locator('[data-dataset]').count()).toBe(1);
  await picker.locator('[data-dataset=study-b] input').check();
  await picker.getByLabel('Filter datasets').fill('');
  await picker.locator('[data-dataset=study-a] input').check();
  for (const [width, height] of [[1280, 800], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await picker.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, `jobs-panel-datasets-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await picker.getByRole('button', { name: 'Add 2 datasets' }).click();
  await picker.getByRole('button', { name: 'Done' }).click();
  await expect(panel.getByTestId('batch-scans').locator('li span').allInnerTexts()).resolves.toEqual(['scan_0.nii.gz', 'dc / Study B', 'dc / Study A']);

  await panel.getByLabel('Output folder').fill(out);
  await panel.getByRole('button', { name: 'Run here' }).click();
  const job = panel.locator('[data-testid=batch-job]').first();
  await expect.poll(() => job.locator('[data-testid=batch-task]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state'))), { timeout: 120_000 }).toEqual(['done', 'done', 'done']);
  await expect(job.locator('[data-testid=batch-task] td:first-child').allInnerTexts()).resolves.toEqual(['scan_0.nii.gz', 'dc / study-b', 'dc / study-a']);
  for (const name of ['scan_0', 'study-b', 'study-a']) expect(labelled(join(out, `${name}.labels.nii.gz`))).toBe(4096);
  await job.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'jobs-panel-datasets-done.png') });
});
