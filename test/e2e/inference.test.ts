// AI segmentation as a user runs it in real Chromium: the bundled demo model picked in the Inference panel,
// run on the embedded phantom with a progress bar, the provider and the segment it found reported.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSession, RESULTS, settled, type Session } from './harness';

let session: Session;
let page: Page;

beforeAll(async () => {
  session = await openSession();
  page = session.page;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 20_000 });
});

afterAll(() => session?.close());

describe('the Inference panel', () => {
  test('offers the bundled demo model', async () => {
    const model = page.locator('[data-testid=inference-model]');
    await expect.poll(() => model.inputValue()).toBe('demo-tissue');
    expect(await model.locator('option').first().textContent()).toBe('demo-tissue 1.0.0 (bundled)');
  });

  test('runs it on the phantom with a progress bar and reports the CPU provider and the tissue found', async () => {
    await page.click('[data-testid=inference-run]');
    await page.waitForSelector('[data-testid=inference-progress]', { timeout: 5_000 });
    await page.screenshot({ path: join(RESULTS, 'inference-running.png') });
    await page.waitForSelector('[data-testid=inference-labels]', { timeout: 60_000 });
    await settled(page);
    await page.screenshot({ path: join(RESULTS, 'inference-done.png') });
    expect(await page.textContent('[data-testid=inference-message]')).toMatch(/^demo-tissue ran on CPU in \d+\.\d s$/);
    const found = await page.textContent('[data-testid=inference-labels]');
    const voxels = Number(/Tissue \(demo model\): ([\d,]+) voxels/.exec(found ?? '')?.[1]?.replaceAll(',', ''));
    // The head ellipsoid (radii 0.69 × 0.92 × 0.81 of 96 mm) is 423 000 voxels of 1.5 × 1.5 × 2 mm; the two dark
    // ventricles take 21 000 away and the 3³ mean at 2 mm spreads the edge by about a voxel.
    expect(voxels).toBeGreaterThan(380_000);
    expect(voxels).toBeLessThan(470_000);
  });
});
