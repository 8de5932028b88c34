// A user pushes the open scan to the data centre from the Sync panel, in real Chromium against browser mode,
// and sees the job reach "done" with a green check; the gateway then holds the file's exact bytes and the
// catalogue one derived dataset.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sha256sum, startDataCentre, type DataCentre } from '../dc/dataCentre';
import { openSession, RESULTS, type Session } from './harness';

let dc: DataCentre;
let session: Session;

beforeAll(async () => {
  dc = await startDataCentre();
  await dc.addTarget('hospital-dc');
  Object.assign(process.env, dc.env); // the browser-mode server reads its settings folder and credentials from here
  session = await openSession();
}, 120_000);

afterAll(async () => {
  await session?.close();
  await dc?.close();
});

test('push from the Sync panel: the job reaches done with a green check, and the server holds the same bytes', async () => {
  const { page } = session;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  await page.click('[data-testid=sync-toggle]');
  await page.waitForSelector('[data-testid=sync-panel]');
  expect(await page.locator('select[aria-label=Target]').inputValue()).toBe('hospital-dc');
  await page.fill('textarea[aria-label=Description]', 'Phantom, pushed from the panel');
  await page.click('[data-testid=sync-push]');

  const check = page.locator('[data-testid=sync-job][data-state=done] [data-testid=sync-done]');
  await check.waitFor({ timeout: 60_000 });
  expect(await check.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(63, 185, 80)');
  await page.screenshot({ path: join(RESULTS, 'sync-panel-done.png') });

  const [dataset, ...others] = await dc.catalogue.datasets();
  expect(others).toEqual([]);
  expect(dataset).toMatchObject({ type: 'derived', description: 'Phantom, pushed from the panel' });
  expect(await dc.serverSha256(`hospital-a/${dataset!.pid as string}/shepp-logan.nii.gz`)).toBe(sha256sum('assets/shepp-logan.nii.gz'));
});
