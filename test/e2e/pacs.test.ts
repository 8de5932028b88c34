// A radiologist's way in, in real Chromium against browser mode and a real Orthanc: add the PACS in the panel,
// search by patient name, pick the study, see the series with their thumbnails, open one, and read the patient,
// study and series in the slice views' corners; V hides them all for a screenshot. Through a PACS that holds all
// but the first instance, the series shows its centre slice before the others arrive, then the whole volume.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startPacs, stopPacs, storeInPacs, type Pacs } from '../dc/orthanc';
import { gatePacs, type PacsGate } from '../dc/pacsGate';
import { generatedDir } from '../fixtures/reference';
import { openSession, RESULTS, settled, shoot, type Session } from './harness';
import { addOrthanc, chooseStudy, lit, openSeries, orthancEnv, pacsPanel, seriesRow } from './pacsPage';

const PYDICOM_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
let pacs: Pacs;
let session: Session;
let settings: string;

beforeAll(async () => {
  pacs = await startPacs();
  const series = join(generatedDir, 'dicom', 'ct_signed');
  const files = await Promise.all((await readdir(series)).filter((name) => !name.endsWith('.txt')).map(async (name) => new Uint8Array(await readFile(join(series, name)))));
  await storeInPacs(pacs, [...files, new Uint8Array(await readFile(join(PYDICOM_FILES, 'CT_small.dcm')))]);
  settings = await mkdtemp(join(tmpdir(), 'voxbench-pacs-e2e-'));
  // The browser-mode server reads its settings folder and the PACS credentials (prefix ORTHANC) from here.
  Object.assign(process.env, { VOXBENCH_CONFIG_DIR: settings, ...orthancEnv(pacs) });
  session = await openSession();
  await session.page.setViewportSize({ width: 1280, height: 800 });
}, 120_000);

afterAll(async () => {
  await session?.close();
  if (pacs) await stopPacs(pacs);
  if (settings) await rm(settings, { recursive: true, force: true });
});

/** Pixels that differ between two shots of the same element. */
function changed(a: Awaited<ReturnType<typeof shoot>>, b: Awaited<ReturnType<typeof shoot>>, box: [number, number, number, number]): number {
  let count = 0;
  for (let y = box[1]; y < box[3]; y++) for (let x = box[0]; x < box[2]; x++) if (Math.abs(a.grey(x, y) - b.grey(x, y)) > 40) count++;
  return count;
}

test('configure Orthanc, search, open a series: corner annotations show the patient; V hides them', async () => {
  const { page } = session;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });

  const panel = pacsPanel(page);
  await addOrthanc(page, pacs);
  expect(await chooseStudy(page, 'phantom')).toContain('Phantom, Voxbench (VB0001) · 2024-01-01 · ');

  const row = seriesRow(page, 'CT signed', 'notes');
  await row.locator('img').waitFor({ timeout: 15_000 });
  await page.screenshot({ path: join(RESULTS, 'pacs-panel.png') });
  await openSeries(page, row);
  const axial = page.locator('[data-view=axial]');
  await expect.poll(() => axial.locator('[data-testid=corner-patient]').textContent()).toContain('Phantom, Voxbench');
  expect(await axial.locator('[data-testid=corner-patient]').textContent()).toContain('ID VB0001');
  expect(await axial.locator('[data-testid=corner-study]').textContent()).toContain('2024-01-01');
  expect(await axial.locator('[data-testid=corner-study]').textContent()).toContain('CT');
  expect(await axial.locator('[data-testid=corner-slice]').textContent()).toMatch(/^Location -?\d+\.\d mm$/);
  expect(await page.locator('[data-testid=volume-dicom]').innerText()).toContain('Phantom, Voxbench (VB0001)');
  await settled(page);
  await page.screenshot({ path: join(RESULTS, 'pacs-annotations.png') });
  const shown = await shoot(page, '[data-view=axial]', 'pacs-axial-annotated');

  await axial.hover();
  await page.keyboard.press('v');
  await expect.poll(() => axial.locator('[data-testid=corner-annotations]').count()).toBe(0);
  expect(await axial.locator('[data-testid=window-level]').count()).toBe(0);
  await settled(page);
  const hidden = await shoot(page, '[data-view=axial]', 'pacs-axial-hidden');
  // The bottom-left corner held the study lines: their pixels are gone.
  expect(changed(shown, hidden, [0, shown.height - 60, Math.min(200, shown.width), shown.height])).toBeGreaterThan(50);

  await page.keyboard.press('v');
  await expect.poll(() => axial.locator('[data-testid=corner-annotations]').count()).toBe(1);

  // The retrieved files outlive the session only where the user saves them.
  const into = join(settings, 'kept');
  await panel.getByLabel('Save in folder').fill(into);
  await panel.getByRole('button', { name: 'Save series' }).click();
  await expect.poll(() => panel.locator('[data-testid=pacs-save]').innerText()).toContain(`12 files saved in ${into}`);
  expect(await readdir(into)).toHaveLength(12);
}, 180_000);

/** Opens the CT signed series from Orthanc behind `gate` (added as server `name`); resolves to its job's bar, at 1 of 12 slices. */
async function openHeld(gate: PacsGate, name: string) {
  const { page } = session;
  await addOrthanc(page, pacs, { name, url: gate.dicomWeb });
  await chooseStudy(page, 'phantom');
  await openSeries(page, seriesRow(page, 'CT signed', 'notes'));
  const job = page.locator('.job-progress[data-job=pacs]');
  await expect.poll(() => job.innerText()).toContain('1 of 12 slices');
  return job;
}

test('a series shows its centre slice while the others are held back, then fills', async () => {
  const { page } = session;
  const gate = await gatePacs(pacs);
  try {
    const job = await openHeld(gate, 'held');
    expect(gate.held()).toBeGreaterThan(0);
    // A box of the image beside its centre, clear of the lines through the cursor.
    const box: [number, number, number, number] = [0.55, 0.55, 0.62, 0.62];
    const axial = page.locator('[data-view=axial]');
    await settled(page);
    const centre = await shoot(page, '[data-view=axial]', 'pacs-arriving-centre');
    expect(lit(centre, box)).toBeGreaterThan(20);
    const value = axial.locator('[data-testid=readout-value]');
    await axial.hover();
    await expect.poll(() => value.textContent()).toMatch(/^−?\d+ HU$/);
    await page.keyboard.press('ArrowDown');
    await settled(page);
    expect(lit(await shoot(page, '[data-view=axial]', 'pacs-arriving-next-empty'), box)).toBe(0);
    // The probe over a slice not yet here says so, not the fill value as if it were the patient's.
    await expect.poll(() => value.textContent()).toBe('not arrived');

    gate.release();
    await expect.poll(() => job.count(), { timeout: 30_000 }).toBe(0);
    await settled(page);
    expect(lit(await shoot(page, '[data-view=axial]', 'pacs-arriving-next-filled'), box)).toBeGreaterThan(20);
    await expect.poll(() => value.textContent()).toMatch(/^−?\d+ HU$/);
    await page.keyboard.press('ArrowUp');
    await settled(page);
    const again = await shoot(page, '[data-view=axial]', 'pacs-arriving-centre-after');
    // The image unchanged (the corners differ: the mouse probe reads out its voxel now).
    expect(changed(centre, again, [0, Math.round(centre.height * 0.2), centre.width, Math.round(centre.height * 0.8)])).toBe(0);
  } finally {
    gate.release();
    await gate.close();
  }
}, 120_000);

test('Cancel while slices arrive keeps the ones that came, the volume listed as incomplete', async () => {
  const { page } = session;
  const gate = await gatePacs(pacs);
  try {
    const job = await openHeld(gate, 'held-again');
    await job.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => job.count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid=volume-incomplete]').innerText()).toBe('Incomplete: 1 of 12 slices arrived before the retrieval stopped');
  } finally {
    await gate.close();
  }
}, 60_000);
