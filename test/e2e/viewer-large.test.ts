// A large volume as a small machine sees it, in real Chromium: browser mode builds a pyramid for anything over
// 1 MB and the page keeps at most 1 MB of voxels, so the phantom shows its coarse level first; the slice on
// screen then arrives at full resolution and must match, voxel for voxel, what nibabel reads from the file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultPhantomGrid } from '../../build/phantom/phantom';
import { launchChromium, settled, shoot, startBrowserMode, type Server } from './harness';
import { screenOf, worldOf, type Grid } from './screen';

let server: Server;
let browser: Browser;
let page: Page;
const grid: Grid = { ...defaultPhantomGrid };

beforeAll(async () => {
  process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'voxbench-e2e-cache-')); // pyramids of this run only
  server = await startBrowserMode(['--pyramid-above', '1']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  server?.stop();
});

/** Axial slice k of the phantom as nibabel reads it, [j][i]. */
function nibabelSlice(k: number): number[][] {
  const script = `
import json, sys, nibabel as nib, numpy as np
data = np.asarray(nib.load(sys.argv[1]).dataobj)
print(json.dumps(data[:, :, int(sys.argv[2])].T.tolist()))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, 'assets/shepp-logan.nii.gz', String(k)], { encoding: 'utf8' }));
}

/** Every voxel of a slice as [i, j, value]: at its centre's pixel, nearest-neighbour drawing shows exactly its value. */
function voxelsOf(slice: number[][]): [number, number, number][] {
  return slice.flatMap((row, j) => row.map((value, i): [number, number, number] => [i, j, value]));
}

/**
 * Voxels of slice k whose grey on screen (at the full-range window, 0–1000) is off by more than 6,
 * leaving out what the overlay draws over: the crosshair through the centre and the letters along the edges, the scale bar.
 */
async function mismatches(name: string, k: number, voxels: [number, number, number][]): Promise<number> {
  const pixels = await shoot(page, '[data-view=axial]', name);
  const clear = (x: number, y: number) =>
    Math.abs(x - pixels.width / 2) > 4 && Math.abs(y - pixels.height / 2) > 4 && Math.min(x, y, pixels.width - x) > 24 && pixels.height - y > 40; // 40: the scale bar
  return voxels.filter(([i, j, value]) => {
    const [x, y] = screenOf(grid, 'axial', pixels.width, pixels.height, worldOf(grid, [i, j, k]));
    return clear(x, y) && Math.abs(pixels.grey(x, y) - (value / 1000) * 255) > 6;
  }).length;
}

test('the coarse level shows first, then the full-resolution slice replaces it, matching nibabel voxel for voxel', async () => {
  // Hold the full-resolution slices back until the coarse level has been looked at.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/slice\/\d\/\d+/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${server.url}&voxelBudgetMb=1`);
  await page.waitForSelector('[data-status=ready]', { timeout: 20_000 });
  // A volume opens at the percentile window of the level it shows first; these pixels are read at the full range.
  await page.keyboard.press('F');
  await settled(page);
  expect(await page.getAttribute('[data-view=axial]', 'data-resolution')).toBe('level 1');
  expect(await page.textContent('[data-testid=volume-level]')).toContain('64 × 64 × 48');
  await expect.poll(() => page.textContent('[data-testid=loading-indicator]')).toContain('full-resolution slices (3)');
  const k = Number(/Axial (\d+)\//.exec((await page.textContent('[data-view=axial] [data-testid=view-label]'))!)![1]) - 1;
  await page.keyboard.press('V'); // the corner annotations out of the pixels compared
  const voxels = voxelsOf(nibabelSlice(k));
  const coarse = await mismatches('large-coarse-axial', k, voxels);

  release();
  await page.waitForSelector('[data-view=axial][data-resolution=full]', { timeout: 10_000 });
  await settled(page);
  const full = await mismatches('large-full-axial', k, voxels);
  expect(full).toBe(0);
  // The coarse level blurred the small features and the skull's edges; the full slice has them back.
  expect(coarse).toBeGreaterThan(200);
  await expect.poll(() => page.getAttribute('[data-testid=loading-indicator]', 'data-busy')).toBe('false');
  await page.screenshot({ path: 'test-results/large-full-resolution.png' });
});

test('the views do not move while the full-resolution slice replaces the coarse one', async () => {
  const before = await page.locator('[data-view=axial]').boundingBox();
  await page.keyboard.press('ArrowDown'); // no mouse over a view: nothing moves, and nothing else does either
  await page.mouse.move(400, 300);
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('[data-view=axial][data-resolution=full]', { timeout: 10_000 });
  expect(await page.locator('[data-view=axial]').boundingBox()).toEqual(before);
});

test('a GPU with a small 3D texture limit gets a subsampled volume, and the 3D view says so', async () => {
  await page.goto(`${server.url}&max3dTexture=40`);
  await page.waitForSelector('[data-status=ready]', { timeout: 20_000 });
  // 128 × 128 × 96 in steps of 4 fits 40 per axis (the 3D view draws once the slice views have).
  await expect.poll(() => page.getAttribute('[data-view=volume]', 'data-subsampled')).toBe('32x32x24');
  await page.waitForSelector('[data-view=volume][data-level]'); // its texture is up and drawn
  expect(await page.textContent('[data-view=volume] [data-testid=texture-limit]')).toContain('up to 40 per axis');
  const pixels = await shoot(page, '[data-view=volume]', 'large-subsampled-3d');
  let bright = 0;
  for (let y = 0; y < pixels.height; y += 4) for (let x = 0; x < pixels.width; x += 4) if (pixels.grey(x, y) > 40) bright++;
  expect(bright).toBeGreaterThan(100);
});
