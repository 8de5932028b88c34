// Oblique slicing in real Chromium: the axial view of the phantom tilted by a known angle about the screen's
// horizontal (the patient's left–right axis) through the crosshair shows the grey values scipy interpolates
// (order 1) on the same plane from nibabel's voxels; the readout and the other views' crosshair follow the plane.
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { settled, shoot } from './harness';
import { onPhantom } from './phantomPage';

type Vec3 = [number, number, number];

let page: Page;

onPhantom((opened) => (page = opened));

const PHANTOM = 'assets/shepp-logan.nii.gz';
const TILT_DEGREES = 30; // six presses of Shift+↓, 5° each
const dims: Vec3 = [128, 128, 96];
const spacing: Vec3 = [1.5, 1.5, 2];
/** The phantom's LPS grid is axis-aligned: index 0 at the origin, i towards L, j towards P, k towards S. */
const origin: Vec3 = [-95.25, -95.25, -95];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const centre = dims.map((n, axis) => origin[axis]! + ((n - 1) / 2) * spacing[axis]!) as Vec3;

/** The axial view's screen axes turned by `degrees` about the patient's left (radiological axial: L right, A up). */
function tiltedAxial(degrees: number): { right: Vec3; up: Vec3 } {
  const c = Math.cos((degrees * Math.PI) / 180);
  const s = Math.sin((degrees * Math.PI) / 180);
  return { right: [1, 0, 0], up: [0, -c, -s] };
}

/**
 * The world point under a pixel of a view showing the plane through the volume centre, with the scale of the
 * untilted axial view (the whole volume fitted with 5 % to spare): turning the plane does not zoom.
 */
function pixelToWorld(axes: { right: Vec3; up: Vec3 }, width: number, height: number, [x, y]: [number, number]): Vec3 {
  const fitted = tiltedAxial(0);
  const corners = [0, 1].flatMap((a) => [0, 1].flatMap((b) => [0, 1].map((c) => [a, b, c].map((end, axis) => origin[axis]! + (end ? dims[axis]! - 0.5 : -0.5) * spacing[axis]!) as Vec3)));
  const extent = (direction: Vec3) => Math.max(...corners.map((p) => dot(p, direction))) - Math.min(...corners.map((p) => dot(p, direction)));
  const halfHeight = (Math.max(extent(fitted.up), (extent(fitted.right) * height) / width) / 2) * 1.05;
  const perPixel = (2 * halfHeight) / height;
  return [0, 1, 2].map((n) => centre[n]! + axes.right[n]! * (x - width / 2) * perPixel + axes.up[n]! * (height / 2 - y) * perPixel) as Vec3;
}

/** scipy's order-1 interpolation of nibabel's voxels at LPS points (outside the volume: null), and the nearest voxel's value. */
function scipyAt(points: Vec3[]): { linear: (number | null)[]; nearest: number[]; index: number[][] } {
  const script = `
import json, sys, nibabel as nib, numpy as np
from scipy.ndimage import map_coordinates
image = nib.load(sys.argv[1])
data = np.asarray(image.dataobj).astype(np.float64)
lps = np.array(json.loads(sys.argv[2]), dtype=np.float64)
ras = np.c_[-lps[:, 0], -lps[:, 1], lps[:, 2], np.ones(len(lps))]
index = (np.linalg.inv(image.affine) @ ras.T)[:3]
linear = map_coordinates(data, index, order=1, mode='constant', cval=0.0)
inside = np.all((index >= -1e-6) & (index <= np.array(data.shape)[:, None] - 1 + 1e-6), axis=0)
nearest = np.clip(np.rint(index).astype(int), 0, np.array(data.shape)[:, None] - 1)
print(json.dumps({'linear': [float(v) if ok else None for v, ok in zip(linear, inside)],
                  'nearest': data[tuple(nearest)].tolist(), 'index': np.rint(index).astype(int).T.tolist()}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, PHANTOM, JSON.stringify(points)], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

/** Grey on screen for a value under the default window (the phantom's full range, 0–1000). */
const greyOf = (value: number) => Math.min(255, Math.max(0, (value / 1000) * 255));

describe('an oblique axial view', () => {
  test('six presses of Shift+↓ tilt the plane 30° about the left–right axis: the grey values are scipy\'s on that plane', async () => {
    const axial = page.locator('[data-view=axial]');
    const box = (await axial.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30);
    for (let n = 0; n < TILT_DEGREES / 5; n++) await page.keyboard.press('Shift+ArrowDown');
    await page.mouse.move(1, 1); // no readout over the image
    await settled(page);
    await expect.poll(() => page.textContent('[data-view=axial] [data-testid=view-label]')).toContain('oblique');
    const pixels = await shoot(page, '[data-view=axial]', 'oblique-axial-30');
    await shoot(page, '.views', 'oblique-layout');

    // A column and a row of pixels across the view, every 2 px, at pixel centres.
    const samples: [number, number][] = [];
    for (let y = 1; y < pixels.height - 1; y += 2) samples.push([Math.round(pixels.width / 2) + 20, y]);
    for (let x = 1; x < pixels.width - 1; x += 2) samples.push([x, Math.round(pixels.height / 2) + 70]);
    /** Each sample with its neighbours one pixel either side along the line, for the edges a half-pixel shift moves. */
    const around = samples.flatMap(([x, y], n) => (n < samples.length / 2 ? [[x, y - 1], [x, y], [x, y + 1]] : [[x - 1, y], [x, y], [x + 1, y]]) as [number, number][]);
    const tilted = scipyAt(around.map(([x, y]) => pixelToWorld(tiltedAxial(TILT_DEGREES), pixels.width, pixels.height, [x + 0.5, y + 0.5])));
    const flat = scipyAt(around.map(([x, y]) => pixelToWorld(tiltedAxial(0), pixels.width, pixels.height, [x + 0.5, y + 0.5])));

    let compared = 0;
    let bright = 0;
    let unlikeFlat = 0;
    const misses: string[] = [];
    /** The crosshair lines (through the centre), the orientation letters and the texts in the corners are drawn over the image. */
    const overlaid = ([x, y]: [number, number]) =>
      Math.abs(x - pixels.width / 2) < 3 || Math.abs(y - pixels.height / 2) < 3 || y < 24 || y > pixels.height - 24 || x < 24 || x > pixels.width - 24;
    samples.forEach(([x, y], n) => {
      if (overlaid([x, y])) return;
      const expected = tilted.linear.slice(3 * n, 3 * n + 3);
      if (expected.some((value) => value === null)) return; // the plane leaves the volume here
      const greys = (expected as number[]).map(greyOf);
      const shown = pixels.grey(x, y);
      compared++;
      if (greys[1]! > 40) bright++;
      if (Math.abs(greyOf(flat.linear[3 * n + 1] ?? 0) - greys[1]!) > 20) unlikeFlat++;
      if (shown < Math.min(...greys) - 10 || shown > Math.max(...greys) + 10) misses.push(`(${x}, ${y}) shows ${shown.toFixed(0)}, scipy ${greys[1]!.toFixed(0)}`);
    });
    expect(compared).toBeGreaterThan(200);
    expect(bright).toBeGreaterThan(50);
    expect(unlikeFlat).toBeGreaterThan(15); // the tilted plane really differs from the axial slice along these lines
    expect(misses).toEqual([]);
  });

  test('the readout gives the voxel, the position on the tilted plane and its value', async () => {
    const axial = page.locator('[data-view=axial]');
    const box = (await axial.boundingBox())!;
    const at: [number, number] = [Math.round(box.width / 2) - 25, Math.round(box.height / 2) - 60];
    await page.mouse.move(box.x + at[0], box.y + at[1]);
    await settled(page);
    const world = pixelToWorld(tiltedAxial(TILT_DEGREES), box.width, box.height, at);
    const reference = scipyAt([world]);
    const position = (await page.textContent('[data-view=axial] [data-testid=readout-position]'))!;
    const shownWorld = position.replace(/−/g, '-').split(' mm')[0]!.split(', ').map(Number);
    shownWorld.forEach((value, n) => expect(Math.abs(value - world[n]!)).toBeLessThan(0.02));
    expect(await page.textContent('[data-view=axial] [data-testid=readout-index]')).toBe(`[${reference.index[0]!.join(', ')}]`);
    expect(await page.textContent('[data-view=axial] [data-testid=readout-value]')).toBe(String(reference.nearest[0]));
    expect(Math.abs(world[2] - centre[2])).toBeGreaterThan(5); // off the axial slice through the centre: the tilt counts
  });

  test('the sagittal view\'s crosshair follows the tilted plane; the coronal one stays level; Home puts the axial view back', async () => {
    const angles = async (view: string) =>
      page.$$eval(`[data-view=${view}] [data-testid=oblique-crosshair] line`, (lines) =>
        lines.map((line) => {
          const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((name) => Number(line.getAttribute(name)));
          return Math.round(((Math.atan2(y2! - y1!, x2! - x1!) * 180) / Math.PI + 360) % 180);
        }),
      );
    expect((await angles('sagittal')).some((angle) => angle === TILT_DEGREES || angle === 180 - TILT_DEGREES)).toBe(true);
    expect(new Set(await angles('coronal'))).toEqual(new Set([0, 90]));
    await shoot(page, '[data-view=sagittal]', 'oblique-sagittal-crosshair');

    await page.keyboard.press('Home');
    await settled(page);
    await expect.poll(() => page.textContent('[data-view=axial] [data-testid=view-label]')).toBe('Axial 49/96');
    expect(await page.$$('[data-testid=oblique-crosshair]')).toHaveLength(0);
  });

  test('Shift+right-drag 60 px to the right turns the coronal view 30° about the vertical: the axial crosshair follows', async () => {
    const box = (await page.locator('[data-view=coronal]').boundingBox())!;
    const [x, y] = [box.x + box.width / 2 + 30, box.y + box.height / 2 + 40];
    await page.mouse.move(x, y);
    await page.keyboard.down('Shift');
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(x + 60, y, { steps: 6 });
    await page.mouse.up({ button: 'right' });
    await page.keyboard.up('Shift');
    await settled(page);
    await expect.poll(() => page.textContent('[data-view=coronal] [data-testid=view-label]')).toContain('oblique');
    const angles = await page.$$eval('[data-view=axial] [data-testid=oblique-crosshair] line', (lines) =>
      lines.map((line) => {
        const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((name) => Number(line.getAttribute(name)));
        return Math.round(((Math.atan2(y2! - y1!, x2! - x1!) * 180) / Math.PI + 360) % 180);
      }),
    );
    expect(angles.some((angle) => angle === 30 || angle === 150)).toBe(true);
    await shoot(page, '.views', 'oblique-coronal-drag-layout');
    await page.keyboard.press('Home');
    await expect.poll(() => page.textContent('[data-view=coronal] [data-testid=view-label]')).not.toContain('oblique');
  });
});
