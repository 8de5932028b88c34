// The Jobs panel in real Chromium against browser mode: a recipe (threshold the hollow box at 300, fill its
// cavity) run here over three scans and one missing path, two at a time; each task's state, node and runtime,
// the failed one's reason in words, a log tail; every labelmap holds the 16³ = 4096 voxels of the filled box
// (make_batch.py draws it); after a reload the panel lists the job again from the journal.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generatedDir } from '../fixtures/reference';
import { connectContract } from './contractSocket';
import { openSession, RESULTS, type Session } from './harness';

const scan = (i: number) => join(generatedDir, 'batch', `scan_${i}.nii.gz`);
let session: Session;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'voxbench-jobs-e2e-'));
  process.env.VOXBENCH_CONFIG_DIR = join(work, 'settings'); // the browser-mode server's journal lives here
  session = await openSession();
  await session.page.setViewportSize({ width: 1280, height: 800 });
});

afterAll(async () => {
  await session?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Labelled voxels of a .nii.gz labelmap (nonzero bytes after the 352-byte header: one per voxel of label 1). */
const labelled = (path: string) => gunzipSync(readFileSync(path)).subarray(352).reduce((count, byte) => count + (byte ? 1 : 0), 0);

test('run a recipe over scans from the Jobs panel: states, node, runtime, a failure in words, the log; listed again after a reload', { timeout: 180_000 }, async () => {
  const { page } = session;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  const contract = await connectContract(session.server.url);
  const recipe = join(work, 'box.recipe.json');
  const { id } = await contract.call('volume.open', { path: scan(0) });
  await contract.call('segment.add', { volumeId: id });
  await contract.call('segment.apply', { volumeId: id, operation: { tool: 'threshold', segment: 1, range: [300, 300] } });
  await contract.call('segment.apply', { volumeId: id, operation: { tool: 'fillHoles', segment: 1 } });
  expect((await contract.call('batch.saveRecipe', { volumeId: id, path: recipe })).steps).toBe(3);
  contract.close();

  const panel = page.locator('[data-testid=jobs-panel]');
  const missing = join(work, 'not-a-scan.nii.gz');
  const out = join(work, 'out');
  await panel.getByLabel('Recipe file').fill(recipe);
  await panel.getByLabel('Scans').fill([scan(0), scan(1), scan(2), missing].join('\n'));
  await panel.getByLabel('Output folder').fill(out);
  await panel.getByLabel('At once').fill('2');
  await panel.getByRole('button', { name: 'Run here' }).click();

  const states = () => panel.locator('[data-testid=batch-task]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
  await expect.poll(states, { timeout: 120_000 }).toEqual(['done', 'done', 'done', 'failed']);
  await expect(panel.locator('[data-testid=batch-task-reason]').innerText()).resolves.toMatch(/exit code \d+: .*not-a-scan\.nii\.gz/);
  const firstRow = panel.locator('[data-testid=batch-task]').first();
  await expect(firstRow.innerText()).resolves.toMatch(/scan_0\.nii\.gz\s+done\s+\S+\s+\d+\.\d s/);
  for (const i of [0, 1, 2]) expect(labelled(join(out, `scan_${i}.labels.nii.gz`))).toBe(4096);
  expect(existsSync(join(out, 'not-a-scan.labels.nii.gz'))).toBe(false);

  await firstRow.getByRole('button', { name: 'Log' }).click();
  await expect(panel.locator('[data-testid=batch-log]').innerText()).resolves.toMatch(/ran 3 steps on .*scan_0\.nii\.gz/);
  await panel.locator('[data-testid=batch-job]').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'jobs-panel.png') });

  await page.reload();
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  await expect.poll(states).toEqual(['done', 'done', 'done', 'failed']);
  await expect(panel.getByRole('button', { name: 'Resubmit failed' }).count()).resolves.toBe(1);
});
