// The slice views draw their first slices on 2D canvases, before their WebGL pipelines exist (canvasSlice.ts): the
// pixels there must be WebGL's. The axial view's first full-resolution slice is held back, which keeps every view's
// WebGL start waiting, while the views are zoomed, panned and windowed on the 2D canvases; then the slice comes, WebGL
// takes over, and each view's screen is compared with its 2D canvas shown again over it (it keeps its last drawing).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, expect, test } from 'vitest';
import { openSession, RESULTS, settled, type Session } from './harness';
import type { Orientation } from './screen';

let session: Session | undefined;
let page: Page;
const dir = resolve(RESULTS, 'firstcanvas');

/**
 * 150 × 120 × 90 int16 of 2 × 1.5 × 3 mm: a ramp along each axis, noise, and a bright block in the corner of voxel
 * (0, 0, 0), so a flip or a voxel off shows; stored RAS (`ras`: +i towards the patient's right) or LPS. Three pyramid
 * levels (150, 75, 38 a side), so a small voxel budget shows level 1 and full-resolution slices are fetched.
 */
const WRITE_WITH_NIBABEL = `
import sys, numpy as np, nibabel as nib
nx, ny, nz = 150, 120, 90
x, y, z = np.mgrid[0:nx, 0:ny, 0:nz]
rng = np.random.default_rng(7)
data = 6 * x + 4 * y + 3 * z + rng.integers(0, 200, size=(nx, ny, nz))
data[:30, :20, :15] = 2000
sign = 1 if sys.argv[2] == 'ras' else -1
nib.save(nib.Nifti1Image(data.astype(np.int16), np.diag([sign * 2.0, sign * 1.5, 3.0, 1.0])), sys.argv[1])
`;

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const orientations: Orientation[] = ['axial', 'coronal', 'sagittal'];

async function box(orientation: Orientation) {
  return (await page.locator(`[data-view=${orientation}]`).boundingBox())!;
}

/** A drag with `button` across a view, from its centre by (dx, dy). */
async function drag(orientation: Orientation, button: 'middle' | 'right', [dx, dy]: [number, number]) {
  const at = await box(orientation);
  const [x, y] = [at.x + at.width / 2, at.y + at.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down({ button });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up({ button });
}

async function zoom(orientation: Orientation, notches: number) {
  const at = await box(orientation);
  await page.mouse.move(at.x + at.width * 0.4, at.y + at.height * 0.35);
  await page.keyboard.down('Control');
  for (let notch = 0; notch < notches; notch++) await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
}

const png = async (orientation: Orientation, name: string) => PNG.sync.read(await page.locator(`[data-view=${orientation}]`).screenshot({ path: join(RESULTS, `${name}.png`) }));

/**
 * Pixels of `a` with no pixel of `b` within one pixel around it of the same colour (±2 levels: vtk.js's colour table
 * rounds), and how many pixels of `a` are not black. A pixel's centre on a voxel's edge (the crosshair through an even
 * number of voxels) or on the slice's border may fall either side, a voxel to the left of it not.
 */
function compare(a: PNG, b: PNG): { differing: number; lit: number } {
  const same = (at: number, x: number, y: number) => {
    if (x < 0 || y < 0 || x >= b.width || y >= b.height) return false;
    const other = (y * b.width + x) * 4;
    return [0, 1, 2].every((c) => Math.abs(a.data[at + c]! - b.data[other + c]!) <= 2);
  };
  let differing = 0;
  let lit = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const at = (y * a.width + x) * 4;
      if (![-1, 0, 1].some((dy) => [-1, 0, 1].some((dx) => same(at, x + dx, y + dy)))) differing++;
      if (a.data[at]! > 10) lit++;
    }
  }
  return { differing, lit };
}

for (const [stored, width, height] of [
  ['ras', 1280, 800],
  ['lps', 1440, 900],
] as const) {
  test(`stored ${stored}, at ${width}×${height}: the 2D canvases' first slices, zoomed, panned and windowed, are WebGL's pixels`, async () => {
    await session?.close();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `ramps-${stored}.nii.gz`);
    execFileSync('/usr/bin/python3', ['-c', WRITE_WITH_NIBABEL, file, stored]);
    process.env.XDG_CACHE_HOME = join(dir, 'cache'); // pyramids of this run only
    session = await openSession(['--pyramid-above', '1', '--open', file]);
    page = session.page;
    await page.setViewportSize({ width, height });
    let held: Route | undefined;
    await page.route(/\/slice\/2\//, (route) => (held ? route.continue() : void (held = route)));
    await page.goto(`${session.server.url}&voxelBudgetMb=0.5`);
    await page.waitForSelector('[data-view=coronal][data-resolution=full]');
    await page.waitForSelector('[data-view=sagittal][data-resolution=full]');
    expect(held).toBeDefined();
    await zoom('coronal', 4);
    await drag('sagittal', 'middle', [40, -25]);
    await drag('axial', 'right', [-30, 20]);
    await zoom('axial', 2);
    await settled(page);
    expect(await page.locator('.slice-canvas:not([hidden])').count()).toBe(3); // all still in their 2D phase
    await page.mouse.move(1, 1);
    await held!.continue();
    await page.unroute(/\/slice\/2\//);
    await page.waitForFunction(() => document.querySelectorAll('.slice-canvas[hidden]').length === 3, undefined, { timeout: 30_000 });
    await settled(page);
    for (const orientation of orientations) {
      const webgl = await png(orientation, `firstcanvas-${width}-${orientation}-webgl`);
      await page.evaluate((view) => void (document.querySelector(`[data-view=${view}] .slice-canvas`)! as HTMLCanvasElement).removeAttribute('hidden'), orientation);
      const canvas2d = await png(orientation, `firstcanvas-${width}-${orientation}-2d`);
      await page.evaluate((view) => void (document.querySelector(`[data-view=${view}] .slice-canvas`)! as HTMLCanvasElement).setAttribute('hidden', ''), orientation);
      const { differing, lit } = compare(canvas2d, webgl);
      console.log(`${stored} ${width}×${height} ${orientation}: ${differing} of ${webgl.width * webgl.height} pixels differ, ${lit} lit`);
      expect(lit).toBeGreaterThan(webgl.width * webgl.height * 0.05);
      expect(differing).toBeLessThan(webgl.width * webgl.height * 0.001);
    }
  }, 90_000);
}
