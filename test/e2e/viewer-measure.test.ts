// Measuring in real Chromium on the phantom (128 × 128 × 96 voxels of 1.5 × 1.5 × 2 mm): a ruler across a
// known distance reads it within one voxel, an angle between known directions reads it, an ellipse's
// statistics equal numpy's over the same voxels of what nibabel reads; the panel renames and deletes; cine
// steps the slices. Expected values come from the phantom's geometry and from numpy, not from the app.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { defaultPhantomGrid } from '../../build/phantom/phantom';
import { RESULTS, settled } from './harness';
import { onPhantom } from './phantomPage';
import { screenOf, worldOf, type Grid, type Orientation } from './screen';

type Vec3 = [number, number, number];
let page: Page;
const grid: Grid = { ...defaultPhantomGrid };
/** The central axial slice the views open on: (96 − 1) / 2 rounded. */
const k = 48;

onPhantom((opened) => (page = opened));

/** Page position of a world point in a view. */
async function pageAt(view: Orientation, world: Vec3): Promise<[number, number]> {
  const box = (await page.locator(`[data-view=${view}]`).boundingBox())!;
  const [x, y] = screenOf(grid, view, box.width, box.height, world);
  return [box.x + x, box.y + y];
}

async function drag(from: [number, number], to: [number, number]) {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move((from[0] + to[0]) / 2, (from[1] + to[1]) / 2);
  await page.mouse.move(...to);
  await page.mouse.up();
  await settled(page);
}

const rows = () => page.locator('[data-testid=measurement-row]');
const lastValue = async () => (await rows().last().locator('[data-testid=measurement-value]').textContent())!;

test('a ruler across 80 voxels in x (120 mm) and one across 40 slices in z (80 mm) read within one voxel', async () => {
  await page.mouse.move(600, 20); // off the views: the tool keys act anywhere
  await page.keyboard.press('L');
  await drag(await pageAt('axial', worldOf(grid, [20, 40, k])), await pageAt('axial', worldOf(grid, [100, 40, k])));
  expect(Math.abs(parseFloat(await lastValue()) - 120)).toBeLessThan(1.5);
  await drag(await pageAt('coronal', worldOf(grid, [30, 64, 20])), await pageAt('coronal', worldOf(grid, [30, 64, 60])));
  expect(Math.abs(parseFloat(await lastValue()) - 80)).toBeLessThan(2);
  expect(await page.locator('[data-view=axial] [data-testid=measurement][data-kind=ruler]').count()).toBe(1);
  expect(await page.locator('[data-view=coronal] [data-testid=measurement][data-kind=ruler]').count()).toBe(1);
});

test('dragging a ruler\'s handle moves that end, in any tool', async () => {
  await page.keyboard.press('C');
  await drag(await pageAt('axial', worldOf(grid, [100, 40, k])), await pageAt('axial', worldOf(grid, [60, 40, k])));
  const value = await rows().first().locator('[data-testid=measurement-value]').textContent();
  expect(Math.abs(parseFloat(value!) - 60)).toBeLessThan(1.5);
});

test('an angle drawn as one arm then the other end reads the angle between them', async () => {
  await page.keyboard.press('Shift+L');
  const vertex = worldOf(grid, [64, 90, k]);
  await drag(await pageAt('axial', worldOf(grid, [34, 90, k])), await pageAt('axial', vertex)); // arm along x
  await page.mouse.click(...(await pageAt('axial', worldOf(grid, [94, 60, k])))); // 45° off the other way
  await settled(page);
  expect(Math.abs(parseFloat(await lastValue()) - 135)).toBeLessThan(1);
});

/** The world point under a page position in the axial view, restated from the conventions (inverse of screenOf). */
async function axialWorld([px, py]: [number, number]): Promise<Vec3> {
  const box = (await page.locator('[data-view=axial]').boundingBox())!;
  const [cx, cy] = screenOf(grid, 'axial', box.width, box.height, [0, 0, 0]);
  const [ox, oy] = screenOf(grid, 'axial', box.width, box.height, [1, 1, 0]); // 1 mm along x (right) and y (screen up is −y)
  return [(px - box.x - cx) / (ox - cx), (py - box.y - cy) / (oy - cy), worldOf(grid, [0, 0, k])[2]];
}

function numpyEllipse(corners: [Vec3, Vec3]): { count: number; mean: number; std: number; min: number; max: number; area: number } {
  const script = `
import json, sys, nibabel as nib, numpy as np
(a, b), k = json.loads(sys.argv[2]), int(sys.argv[3])
data = np.asarray(nib.load(sys.argv[1]).dataobj)[:, :, k].astype(np.float64)
i, j = np.meshgrid(np.arange(128), np.arange(128), indexing="ij")
x, y = -63.5 * 1.5 + 1.5 * i, -63.5 * 1.5 + 1.5 * j
cx, cy, hx, hy = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2, abs(b[0] - a[0]) / 2, abs(b[1] - a[1]) / 2
inside = data[((x - cx) / hx) ** 2 + ((y - cy) / hy) ** 2 <= 1]
print(json.dumps(dict(count=int(inside.size), mean=inside.mean(), std=inside.std(), min=inside.min(), max=inside.max(), area=inside.size * 1.5 * 1.5)))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, 'assets/shepp-logan.nii.gz', JSON.stringify(corners), String(k)], { encoding: 'utf8' }));
}

test('an ellipse over brain, ventricle and skull has the statistics numpy gives for the same voxels', async () => {
  await page.keyboard.press('Shift+O');
  const from = await pageAt('axial', worldOf(grid, [70.3, 30.2, k]));
  const to = await pageAt('axial', worldOf(grid, [112.6, 70.7, k]));
  await drag(from, to);
  const stats = JSON.parse((await rows().last().getAttribute('data-stats'))!);
  const expected = numpyEllipse([await axialWorld(from), await axialWorld(to)]);
  expect(expected.min).toBeLessThan(expected.max); // several tissues inside
  expect(stats.count).toBe(expected.count);
  expect(stats.mean).toBeCloseTo(expected.mean, 6);
  expect(stats.std).toBeCloseTo(expected.std, 6);
  expect([stats.min, stats.max, stats.area]).toEqual([expected.min, expected.max, expected.area]);
  await page.locator('[data-view=axial]').screenshot({ path: join(RESULTS, 'measure-axial.png') });
});

test('the panel renames and deletes a measurement', async () => {
  const first = rows().first();
  await first.locator('input').fill('Skull width');
  await first.locator('input').press('Enter');
  await expect.poll(() => rows().first().getAttribute('data-name')).toBe('Skull width');
  const count = await rows().count();
  await rows().nth(1).locator('[data-testid=measurement-value]').click(); // selects it, and the views jump to its slice
  expect(await page.textContent('[data-view=axial] [data-testid=view-label]')).toBe('Axial 21/96');
  await page.keyboard.press('Delete');
  await expect.poll(() => rows().count()).toBe(count - 1);
  await rows().first().locator('[data-testid=measurement-value]').click(); // back to the axial slice of the others
  expect(await page.textContent('[data-view=axial] [data-testid=view-label]')).toBe(`Axial ${k + 1}/96`);
});

test('each layout shows the measurements (screenshots)', async () => {
  for (const [key, name] of [['2', 'four-up'], ['3', 'one-plus-three'], ['1', 'one']] as const) {
    await page.mouse.move(...(await pageAt('axial', worldOf(grid, [10, 10, k]))));
    await page.keyboard.press(key);
    await settled(page);
    await page.screenshot({ path: join(RESULTS, `measure-layout-${name}.png`) });
    expect(await page.locator('[data-view=axial] [data-testid=measurement]').count()).toBeGreaterThan(1);
  }
  await page.keyboard.press('2');
});

test('cine steps through the slices of the view under the mouse until stopped', async () => {
  const label = () => page.textContent('[data-view=axial] [data-testid=view-label]');
  await page.mouse.move(...(await pageAt('axial', worldOf(grid, [10, 10, k]))));
  const before = await label();
  await page.keyboard.press('P');
  await expect.poll(label, { timeout: 5_000 }).not.toBe(before);
  expect(await page.getAttribute('[data-testid=cine]', 'aria-pressed')).toBe('true');
  await page.keyboard.press('P');
  await settled(page);
  const stopped = await label();
  await page.waitForTimeout(400);
  expect(await label()).toBe(stopped);
});
