// The PACS panel as a radiologist uses it, for the e2e tests that start from a PACS: add Orthanc (credentials from
// the environment, prefix ORTHANC), search by patient name, pick the one study, open a series.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Pacs } from '../dc/orthanc';
import type { Pixels } from './harness';

/** The environment the browser-mode server reads Orthanc's credentials from. */
export const orthancEnv = (pacs: Pacs) => ({ ORTHANC_USERNAME: pacs.username, ORTHANC_PASSWORD: pacs.password });

export const pacsPanel = (page: Page) => page.locator('[data-testid=pacs-panel]');

/** Adds Orthanc as `name`, reached at `url` (its own DICOMweb root unless a proxy stands in front of it). */
export async function addOrthanc(page: Page, pacs: Pacs, { name = 'orthanc', url = pacs.dicomWeb } = {}): Promise<void> {
  const panel = pacsPanel(page);
  await panel.getByRole('button', { name: 'Add server…' }).click();
  await panel.getByLabel('Server name').fill(name);
  await panel.getByLabel('DICOMweb URL').fill(url);
  await panel.getByLabel('Sign in').selectOption('basic');
  await panel.getByLabel('Credentials from').selectOption('env');
  await panel.getByLabel(/Variable prefix/).fill('ORTHANC');
  await panel.getByRole('button', { name: 'Save server' }).click();
  await expect.poll(() => panel.getByLabel('PACS server').inputValue()).toBe(name);
}

/** Searches `patient`, picks the one study found; resolves to its row's text. */
export async function chooseStudy(page: Page, patient: string): Promise<string> {
  const panel = pacsPanel(page);
  await panel.getByLabel('Patient name').fill(patient);
  await panel.getByRole('button', { name: 'Search' }).click();
  const study = panel.locator('[data-testid=pacs-study]');
  await expect.poll(() => study.count()).toBe(1);
  const text = await study.innerText();
  await study.locator('button').click();
  return text;
}

/** The chosen study's series row showing `description` (and not `unlike`, where two descriptions share words). */
export const seriesRow = (page: Page, description: string, unlike?: string) => {
  const rows = pacsPanel(page).locator('[data-testid=pacs-series]', { hasText: description });
  return unlike ? rows.filter({ hasNotText: unlike }) : rows;
};

/** Opens the series of `row` and waits until its volume is listed (one DICOM volume more) and shown. */
export async function openSeries(page: Page, row: Locator): Promise<void> {
  const listed = page.locator('[data-testid=volume-dicom]');
  const before = await listed.count();
  await row.getByRole('button', { name: 'Open' }).click();
  await expect.poll(() => listed.count(), { timeout: 60_000 }).toBe(before + 1);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
}

/** Pixels brighter than black (grey over 30) in `box` (fractions of the shot): a slice of noise has many, a slice not yet arrived none. */
export function lit(shot: Pixels, [x0, y0, x1, y1]: [number, number, number, number]): number {
  let count = 0;
  for (let y = Math.round(y0 * shot.height); y < y1 * shot.height; y++) for (let x = Math.round(x0 * shot.width); x < x1 * shot.width; x++) if (shot.grey(x, y) > 30) count++;
  return count;
}
