// A multi-GiB volume, in real Chromium on first open: its slice views show full-resolution slices read straight from
// the HDF5 file (bitshuffle-LZ4 chunks, written by h5py) while its pyramid is still building, and scrolling reads the next slice
// during the build. Pixels are checked against h5py's values.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, RESULTS, settled, shoot, startBrowserMode, type Pixels, type Server } from './harness';
import { screenOf, worldOf, type Grid } from './screen';

/** 1280 × 1280 × 704 uint16 (2.1 GiB): 16-voxel blocks of 0 or 1000, plus 2·z and a ripple below 16. */
const [NX, NY, NZ] = [1280, 1280, 704];
const dir = resolve(RESULTS, 'huge');
const path = join(dir, 'huge-bslz4.h5');
const grid: Grid = { dims: [NX, NY, NZ], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

const WRITE_WITH_H5PY = `
import sys, h5py, hdf5plugin, numpy as np
nx, ny, nz = ${NX}, ${NY}, ${NZ}
y, x = np.mgrid[0:ny, 0:nx]
with h5py.File(sys.argv[1], "w") as f:
    d = f.create_dataset("data", (nz, ny, nx), np.uint16, chunks=(32, 128, 128), **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
    for z0 in range(0, nz, 32):
        z = np.arange(z0, z0 + 32)[:, None, None]
        blocks = (((x >> 4) + (y >> 4))[None] + (z >> 4)) & 1
        d[z0:z0 + 32] = (1000 * blocks + 2 * z + ((7 * x + 13 * y)[None] + 5 * z) % 16).astype(np.uint16)
`;

/** Slice k as h5py reads it: the values at the given [i, j], and the slice's [min, max] at the centre slice. */
function h5pyValues(k: number, points: [number, number][]): { values: number[]; centreRange: [number, number] } {
  const script = `
import json, sys, h5py
points = json.loads(sys.argv[3])
with h5py.File(sys.argv[1], "r") as f:
    d = f["data"]
    s = d[int(sys.argv[2])]
    c = d[d.shape[0] // 2]
    print(json.dumps({"values": [int(s[j, i]) for i, j in points], "centreRange": [int(c.min()), int(c.max())]}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path, String(k), JSON.stringify(points)], { encoding: 'utf8' }));
}

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  execFileSync('/usr/bin/python3', ['-c', WRITE_WITH_H5PY, path]);
  process.env.XDG_CACHE_HOME = join(dir, 'cache'); // pyramids of this run only
  rmSync(process.env.XDG_CACHE_HOME, { recursive: true, force: true });
  server = await startBrowserMode(['--open', path]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Block centres away from the crosshair, the edge letters, the probe's read-out (top left) and the scale bar. */
const POINTS: [number, number][] = [280, 408, 856, 984].flatMap((i) => [296, 424, 856].map((j): [number, number] => [i, j]));

async function axialIndex(): Promise<number> {
  return Number(/Axial (\d+)\//.exec((await page.textContent('[data-view=axial] [data-testid=view-label]'))!)![1]) - 1;
}

/** Points of axial slice k whose grey on screen (window: the centre slice's range) is off h5py's value by more than 6. */
async function mismatches(name: string, k: number): Promise<number> {
  const { values, centreRange: [low, high] } = h5pyValues(k, POINTS);
  const pixels = await shoot(page, '[data-view=axial]', name);
  return POINTS.filter(([i, j], n) => {
    const [x, y] = screenOf(grid, 'axial', pixels.width, pixels.height, worldOf(grid, [i, j, k]));
    const expected = Math.min(255, Math.max(0, ((values[n]! - low) / (high - low)) * 255)); // the window clips
    return Math.abs(pixels.grey(x, y) - expected) > 6;
  }).length;
}

/** Points of a 20 × 20 grid over a view whose grey is above 40 (the 3D view's labels hit only a few). */
function litPoints(view: Pixels): number {
  return Array.from({ length: 400 }, (_, n) => view.grey(((n % 20) + 0.5) * (view.width / 20), (Math.floor(n / 20) + 0.5) * (view.height / 20))).filter((grey) => grey > 40).length;
}

const building = async () => (await page.textContent('[data-testid=loading-indicator]'))!.includes('pyramid');

test('full-resolution slices show, and scroll, before the pyramid is built; a cancelled build starts again on request', { timeout: 600_000 }, async () => {
  await page.goto(server.url);
  await page.waitForSelector('[data-view=axial][data-resolution=full]', { timeout: 30_000 });
  await settled(page);
  const k = await axialIndex();
  expect(await mismatches('huge-axial-first', k)).toBe(0);
  expect(await building()).toBe(true);
  expect(await page.textContent('[data-testid=pyramid-building]')).toContain('when the multiscale pyramid is built');

  const box = (await page.locator('[data-view=axial]').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let step = 0; step < 16; step++) await page.keyboard.press('ArrowDown'); // next block layer: the pattern inverts
  await expect.poll(axialIndex).not.toBe(k);
  await page.waitForSelector('[data-view=axial][data-resolution=full]', { timeout: 30_000 });
  await settled(page);
  const next = await axialIndex();
  expect(Math.abs(next - k)).toBe(16);
  expect(await mismatches('huge-axial-scrolled', next)).toBe(0);
  expect(await building()).toBe(true);

  // Cancel: the slices stay, the 3D view says why it has nothing to draw, and builds again on request.
  await page.click('[data-testid=loading-indicator] .job-progress[data-job=pyramid] button');
  await page.waitForSelector('[data-testid=pyramid-stopped]', { timeout: 30_000 });
  expect(await page.textContent('[data-testid=pyramid-stopped]')).toContain('cancelled');
  expect(await building()).toBe(false);
  expect(await mismatches('huge-axial-cancelled', next)).toBe(0);
  await page.click('[data-testid=build-pyramid]');
  await page.waitForSelector('[data-testid=pyramid-stopped]', { state: 'detached' });
  expect(await building()).toBe(true);

  // The pyramid finishes in the background; the job leaves the indicator and the 3D view gets its levels.
  await expect.poll(building, { timeout: 480_000, interval: 1000 }).toBe(false);
  // The 3D view, empty while the pyramid builds and saying so, draws the volume once its levels exist.
  await page.waitForSelector('[data-testid=pyramid-building]', { state: 'detached' });
  await expect.poll(async () => litPoints(await shoot(page, '[data-view=volume]', 'huge-3d')), { timeout: 120_000, interval: 2000 }).toBeGreaterThan(20);
  await page.screenshot({ path: join(RESULTS, 'huge-after-pyramid.png') });
});
