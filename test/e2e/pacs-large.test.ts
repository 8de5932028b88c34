// A PACS series over the pyramid size (browser mode with --pyramid-above 0.1 MB, the page's voxel budget 0.05 MB),
// in real Chromium against a real Orthanc that holds back all but the first instance: it opens over a level
// standing in for its pyramid, the centre slice read at full resolution from the arriving volume, the probe says
// "not arrived" over a slice still to come; released, the slices come, the pyramid builds, and the slices draw.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startPacs, stopPacs, storeInPacs, type Pacs } from '../dc/orthanc';
import { gatePacs } from '../dc/pacsGate';
import { generatedDir } from '../fixtures/reference';
import { openSession, settled, shoot, type Session } from './harness';
import { addOrthanc, chooseStudy, lit, openSeries, orthancEnv, seriesRow } from './pacsPage';

let pacs: Pacs;
let session: Session;
let settings: string;

beforeAll(async () => {
  pacs = await startPacs();
  const series = join(generatedDir, 'dicom', 'ct_wide');
  await storeInPacs(pacs, await Promise.all((await readdir(series)).map(async (name) => new Uint8Array(await readFile(join(series, name))))));
  settings = await mkdtemp(join(tmpdir(), 'voxbench-pacs-large-e2e-'));
  Object.assign(process.env, { VOXBENCH_CONFIG_DIR: settings, ...orthancEnv(pacs) });
  session = await openSession(['--pyramid-above', '0.1']);
  await session.page.setViewportSize({ width: 1280, height: 800 });
}, 120_000);

afterAll(async () => {
  await session?.close();
  if (pacs) await stopPacs(pacs);
  if (settings) await rm(settings, { recursive: true, force: true });
});

test('a large series arrives over a stand-in level, says "not arrived" where a slice is still to come, then builds its pyramid', async () => {
  const { page } = session;
  await page.goto(`${session.server.url}&voxelBudgetMb=0.05`);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  const gate = await gatePacs(pacs);
  try {
    await addOrthanc(page, pacs, { name: 'held', url: gate.dicomWeb });
    await chooseStudy(page, 'phantom');
    await openSeries(page, seriesRow(page, 'CT wide'));
    await expect.poll(() => page.locator('.job-progress[data-job=pacs]').innerText()).toContain('1 of 10 slices');
    const axial = page.locator('[data-view=axial]');
    // The stand-in level is zeros: the slice under the cursor comes at full resolution from the arriving volume.
    await expect.poll(() => axial.getAttribute('data-resolution')).toBe('full');
    // A box of the image beside its centre, clear of the lines through the cursor: noise, where a missing slice is black.
    const box: [number, number, number, number] = [0.55, 0.55, 0.62, 0.62];
    await settled(page);
    expect(lit(await shoot(page, '[data-view=axial]', 'pacs-large-centre'), box)).toBeGreaterThan(20);
    const value = axial.locator('[data-testid=readout-value]');
    await axial.hover();
    await expect.poll(() => value.textContent()).toMatch(/^−?\d+ HU$/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => value.textContent()).toBe('not arrived');
    await settled(page);
    expect(lit(await shoot(page, '[data-view=axial]', 'pacs-large-next-empty'), box)).toBe(0);

    gate.release();
    await expect.poll(() => page.locator('.job-progress').count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => value.textContent(), { timeout: 30_000 }).toMatch(/^−?\d+ HU$/);
    await expect.poll(() => axial.getAttribute('data-resolution')).toBe('full');
    await settled(page);
    expect(lit(await shoot(page, '[data-view=axial]', 'pacs-large-next-filled'), box)).toBeGreaterThan(20);
    await page.keyboard.press('ArrowUp');
    await settled(page);
    expect(lit(await shoot(page, '[data-view=axial]', 'pacs-large-centre-after'), box)).toBeGreaterThan(20);
  } finally {
    gate.release();
    await gate.close();
  }
}, 120_000);
