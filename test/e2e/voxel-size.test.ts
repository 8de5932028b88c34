// A file with no voxel size (a bare h5py dataset) says so in the top bar and takes one typed there: the volume opens
// again in place of it with that size, and the scale follows (the brush radius is labelled in the new unit).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { generatedDir, references } from '../fixtures/reference';
import { RESULTS } from './harness';
import { onPhantom } from './phantomPage';

let page: Page;
onPhantom((opened) => (page = opened));

test('an uncalibrated HDF5 dataset is given 0.65 × 0.65 × 1.3 µm and opens again with it', async () => {
  const truth = references()['plain_float32.h5']!;
  await page.setInputFiles('[data-testid=file-input]', join(generatedDir, 'plain_float32.h5'));
  await expect.poll(() => page.textContent('[data-testid=volume-name]'), { timeout: 10_000 }).toMatch(/plain_float32\.h5$/);
  await page.waitForSelector('[data-status=ready]');
  expect(await page.textContent('[data-testid=volume-spacing]')).toBe('1 × 1 × 1 voxel');
  const before = await page.locator('.volume-list > li').count();

  await page.click('[data-testid=voxel-size-open]');
  await page.fill('[data-testid=voxel-size-x]', '0.65');
  await page.fill('[data-testid=voxel-size-y]', '0.65');
  await page.fill('[data-testid=voxel-size-z]', '1.3');
  await page.selectOption('[data-testid=voxel-size-unit]', 'µm');
  await page.screenshot({ path: join(RESULTS, 'voxel-size-form.png') });
  await page.click('[data-testid=voxel-size-apply]');

  await expect.poll(() => page.textContent('[data-testid=volume-spacing]'), { timeout: 15_000 }).toBe('0.65 × 0.65 × 1.3 µm');
  expect(await page.textContent('[data-testid=volume-dims]')).toBe(`${truth.dims.join(' × ')} voxels`);
  expect(await page.locator('[data-testid=voxel-size-open]').count()).toBe(0);
  // The uncalibrated volume was closed: the list holds as many volumes as before.
  expect(await page.locator('.volume-list > li').count()).toBe(before);
});
