// The sync target form (issue 19) as a person fills it in browser mode: every field labelled, an endpoint without
// its scheme and an empty save answered in words beside the fields (no raw schema text), the credentials typed in
// the form, the catalogue's owner fields once a catalogue is given, and Push disabled while there is no target.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { RESULTS } from './harness';
import { onPhantom } from './phantomPage';

let page: Page;
onPhantom((opened) => (page = opened));

const problem = (field: string) => page.textContent(`[data-field=${field}] .field-problem`);

test('the form says what is wrong, field by field, and offers Test connection', async () => {
  await page.click('[data-testid=sync-toggle]');
  await page.waitForSelector('[data-testid=sync-panel]');
  const push = page.locator('[data-testid=sync-push]');
  if (!(await page.locator('select[aria-label=Target] option').count())) {
    expect(await push.isDisabled()).toBe(true);
    expect(Number(await push.evaluate((button) => getComputedStyle(button).opacity))).toBeLessThan(0.6);
  }
  await page.click('button:text-is("Add target…")');
  await page.waitForSelector('[data-testid=sync-target-form]');
  await page.click('[data-testid=target-save]');
  expect(await problem('name')).toBe('Give the target a name.');
  expect(await problem('accessKeyId')).toBe('Enter the access key.');
  await page.getByLabel('S3 endpoint URL').fill('localhost:9000');
  expect(await problem('endpoint')).toBe('The endpoint needs its scheme: http://localhost:9000 or https://…');
  await page.getByLabel('Catalogue URL (optional, SciCat)').fill('https://scicat.example.org');
  for (const label of ['Catalogue owner', 'Owner group', 'Contact e-mail', 'Catalogue token (optional)']) expect(await page.getByLabel(label).count()).toBe(1);
  expect(await page.getByLabel('Credentials file (written readable by you only)').inputValue()).toMatch(/\/\.config\/voxbench\/credentials\/target\.json$/);
  await page.locator('[data-testid=sync-panel]').screenshot({ path: join(RESULTS, 'sync-target-form.png') });
  expect(await page.locator('[data-testid=target-test]').isEnabled()).toBe(true);
});
