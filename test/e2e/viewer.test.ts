// A user's first minutes in browser mode, in real Chromium: the phantom on screen in four views, then a
// NIfTI and a NeXus file opened through the page, navigated with the linked crosshair.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultPhantomGrid, phantomValue, worldToPhantom } from '../../build/phantom/phantom';
import { generatedDir, references } from '../fixtures/reference';
import { openSession, RESULTS, settled, shoot, type Session } from './harness';
import { screenOf, worldOf, type Grid, type Orientation } from './screen';

let session: Session;
let page: Page;

beforeAll(async () => {
  session = await openSession();
  page = session.page;
});

afterAll(() => session?.close());

/** Grey expected for a value with the default window (the volume's full range) on an 8-bit screen. */
const greyOf = (value: number, [low, high]: [number, number]) => ((value - low) / (high - low)) * 255;

const phantomGrid: Grid = { ...defaultPhantomGrid };
const phantomRange: [number, number] = [0, 1000];
/** Phantom coordinates (x left, y anterior, z superior, unit = half the field of view) to LPS mm. */
const phantomWorld = (x: number, y: number, z: number): [number, number, number] => [x * 96, -y * 96, z * 96];

async function view(orientation: Orientation | 'volume', name: string) {
  return shoot(page, `[data-view=${orientation}]`, name);
}

describe('the embedded phantom', () => {
  test('opens by itself and shows its name, size and spacing within 10 s', async () => {
    const started = Date.now();
    await page.goto(session.server.url);
    await page.waitForSelector('[data-status=ready]', { timeout: 10_000 });
    await settled(page);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect.poll(() => page.textContent('[data-testid=volume-name]')).toBe('shepp-logan.nii.gz');
    expect(await page.textContent('[data-testid=volume-dims]')).toBe('128 × 128 × 96 voxels');
    expect(await page.textContent('[data-testid=volume-spacing]')).toBe('1.5 × 1.5 × 2 mm');
    await page.screenshot({ path: join(RESULTS, 'phantom-four-up.png') });
  });

  test('axial: the skull ring in front, brain grey, and the smaller ventricle on the patient\'s left (screen right)', async () => {
    const pixels = await view('axial', 'phantom-axial');
    const at = (x: number, y: number) => pixels.grey(...screenOf(phantomGrid, 'axial', pixels.width, pixels.height, phantomWorld(x, y, 0)));
    expect(at(0, 0.89)).toBeGreaterThan(230); // skull, anterior: the top of the view
    expect(at(0, -0.89)).toBeGreaterThan(230); // skull, posterior
    expect(at(0.5, 0.9)).toBeLessThan(10); // air beside the forehead
    expect(Math.abs(at(-0.45, 0.3) - greyOf(200, phantomRange))).toBeLessThan(8); // brain
    expect(at(0.22, 0.04)).toBeLessThan(10); // left ventricle
    expect(at(-0.22, 0.04)).toBeLessThan(10); // right ventricle

    // Each ventricle's width on screen, along a row just off the crosshair, against the phantom's own.
    const y = screenOf(phantomGrid, 'axial', pixels.width, pixels.height, phantomWorld(0, 0.05, 0))[1];
    const darkRun = (fromX: number) => {
      let left = fromX;
      let right = fromX;
      while (pixels.grey(left - 1, y) < 10) left--;
      while (pixels.grey(right + 1, y) < 10) right++;
      return right - left + 1;
    };
    const pixelsPerMm = Math.abs(screenOf(phantomGrid, 'axial', pixels.width, pixels.height, [1, 0, 0])[0] - screenOf(phantomGrid, 'axial', pixels.width, pixels.height, [0, 0, 0])[0]);
    const expectedRun = (centreX: number) => {
      const sliceZ = 1; // the central axial slice, k = 48, lies at z = +1 mm
      const inside = (i: number) => Math.round(1000 * phantomValue(worldToPhantom(defaultPhantomGrid, [-95.25 + 1.5 * i, -0.05 * 96, sliceZ]))) === 0;
      const centre = Math.round((centreX * 96 + 95.25) / 1.5);
      let count = 0;
      for (let i = centre; inside(i); i++) count++;
      for (let i = centre - 1; inside(i); i--) count++;
      return count * 1.5 * pixelsPerMm;
    };
    const [leftX] = screenOf(phantomGrid, 'axial', pixels.width, pixels.height, phantomWorld(0.22, 0.05, 0));
    const [rightX] = screenOf(phantomGrid, 'axial', pixels.width, pixels.height, phantomWorld(-0.22, 0.05, 0));
    expect(leftX).toBeGreaterThan(pixels.width / 2);
    expect(Math.abs(darkRun(leftX) - expectedRun(0.22))).toBeLessThan(1.5 * pixelsPerMm + 1);
    expect(Math.abs(darkRun(rightX) - expectedRun(-0.22))).toBeLessThan(1.5 * pixelsPerMm + 1);
    expect(darkRun(rightX)).toBeGreaterThan(darkRun(leftX) * 1.3);
  });

  test('coronal: both ventricles dark, brain grey, air above the head', async () => {
    const pixels = await view('coronal', 'phantom-coronal');
    const at = (x: number, z: number) => pixels.grey(...screenOf(phantomGrid, 'coronal', pixels.width, pixels.height, phantomWorld(x, 0, z)));
    expect(at(0.22, 0.06)).toBeLessThan(10);
    expect(at(-0.22, 0.06)).toBeLessThan(10);
    expect(Math.abs(at(-0.45, 0.3) - greyOf(200, phantomRange))).toBeLessThan(8);
    expect(at(0, 0.9)).toBeLessThan(10);
  });

  test('sagittal: the frontal feature (300) is on the anterior side, at the screen\'s left', async () => {
    const pixels = await view('sagittal', 'phantom-sagittal');
    const at = (y: number, z: number) => pixels.grey(...screenOf(phantomGrid, 'sagittal', pixels.width, pixels.height, phantomWorld(0, y, z)));
    expect(Math.abs(at(0.35, -0.25) - greyOf(300, phantomRange))).toBeLessThan(8);
    expect(Math.abs(at(-0.35, -0.25) - greyOf(200, phantomRange))).toBeLessThan(8);
    expect(screenOf(phantomGrid, 'sagittal', pixels.width, pixels.height, phantomWorld(0, 0.35, 0))[0]).toBeLessThan(pixels.width / 2);
  });

  test('3D: the head is rendered seen from the front, as tall and wide as the phantom, with the orientation cube', async () => {
    const pixels = await view('volume', 'phantom-volume');
    // The orientation cube sits in the lower right corner (at most 110 px): its light face, the anterior one.
    const inCorner = (x: number, y: number) => x > pixels.width - 120 && y > pixels.height - 120;
    let face = 0;
    const lit: [number, number][] = []; // below the view's label
    for (let y = 24; y < pixels.height; y += 2) for (let x = 0; x < pixels.width; x += 2) {
      if (inCorner(x, y)) face += pixels.grey(x, y) > 150 ? 1 : 0;
      else if (pixels.grey(x, y) > 25) lit.push([x, y]);
    }
    expect(face).toBeGreaterThan(200);
    expect(lit.length).toBeGreaterThan(500);
    const xs = lit.map(([x]) => x);
    const ys = lit.map(([, y]) => y);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    // Seen from the front, the skull's outline is the outer ellipsoid's x and z radii: 0.69 : 0.81.
    expect(width / height).toBeGreaterThan(0.69 / 0.81 - 0.06);
    expect(width / height).toBeLessThan(0.69 / 0.81 + 0.06);
    expect(pixels.grey(pixels.width / 2, pixels.height / 2)).toBeGreaterThan(40);
    expect(pixels.grey(3, 3)).toBeLessThan(5);
  });
});

describe.each([
  { file: 'scaled_int16.nii.gz', unitText: '2 × 1.5 × 3 mm' },
  { file: 'nexus_uint16.h5', unitText: '0.65 × 0.65 × 0.65 µm' },
])('$file opened with the page\'s file picker', ({ file, unitText }) => {
  const reference = references()[file]!;
  const range: [number, number] = [reference.min, reference.max];
  // make_fixtures.py puts a block of the maximum value at indices [n/8, 3n/8) on each axis.
  const blockLow = reference.dims.map((n) => Math.floor(n / 8));
  const blockHigh = reference.dims.map((n) => 3 * Math.floor(n / 8) - 1);
  const blockCentre = worldOf(reference, blockLow.map((low, i) => (low + blockHigh[i]!) / 2) as [number, number, number]);
  const quarterBlock = reference.spacing.map((s, i) => (s * (blockHigh[i]! - blockLow[i]! + 1)) / 4);

  test('shows its name, size and spacing', async () => {
    await page.setInputFiles('[data-testid=file-input]', join(generatedDir, file));
    await expect.poll(() => page.textContent('[data-testid=volume-name]'), { timeout: 10_000 }).toMatch(new RegExp(`${file.replace('.', '\\.')}$`));
    await page.waitForSelector('[data-status=ready]');
    expect(await page.textContent('[data-testid=volume-dims]')).toBe(`${reference.dims.join(' × ')} voxels`);
    expect(await page.textContent('[data-testid=volume-spacing]')).toBe(unitText);
  });

  test('a click on the block in the axial view brings it into the coronal and sagittal views', async () => {
    const axial = page.locator('[data-view=axial] svg');
    const box = (await axial.boundingBox())!;
    const [x, y] = screenOf(reference, 'axial', box.width, box.height, blockCentre);
    await axial.click({ position: { x, y } });
    await settled(page);
    const stamp = file.split('.')[0];
    const coronal = await view('coronal', `${stamp}-coronal`);
    const sagittal = await view('sagittal', `${stamp}-sagittal`);
    // Sample a quarter-block away from the crosshair, which passes through the block's centre.
    const inBlock = (orientation: Orientation, pixels: typeof coronal) =>
      pixels.grey(...screenOf(reference, orientation, pixels.width, pixels.height, blockCentre.map((c, i) => c + quarterBlock[i]! * (i === 2 ? -1 : 1)) as [number, number, number]));
    expect(inBlock('coronal', coronal)).toBeGreaterThan(greyOf(reference.max, range) - 3);
    expect(inBlock('sagittal', sagittal)).toBeGreaterThan(greyOf(reference.max, range) - 3);
    // Far from the block the slice holds noise below the middle of the window.
    const away = worldOf(reference, reference.dims.map((n) => n - 1 - Math.floor(n / 16)) as [number, number, number]);
    const noise = coronal.grey(...screenOf(reference, 'coronal', coronal.width, coronal.height, [away[0], blockCentre[1], blockCentre[2]]));
    expect(noise).toBeLessThan(greyOf((reference.min + reference.max) / 2, range) + 3);
  });

  test('a click on the block in the coronal view brings the axial view to its slice', async () => {
    const coronal = page.locator('[data-view=coronal] svg');
    const box = (await coronal.boundingBox())!;
    await coronal.click({ position: { x: screenOf(reference, 'coronal', box.width, box.height, blockCentre)[0], y: screenOf(reference, 'coronal', box.width, box.height, blockCentre)[1] } });
    await settled(page);
    const axial = await view('axial', `${file.split('.')[0]}-axial`);
    const sample = blockCentre.map((c, i) => c + (i < 2 ? quarterBlock[i]! : 0)) as [number, number, number];
    expect(axial.grey(...screenOf(reference, 'axial', axial.width, axial.height, sample))).toBeGreaterThan(greyOf(reference.max, range) - 3);
    await page.screenshot({ path: join(RESULTS, `${file.split('.')[0]}-four-up.png`) });
  });
});

describe('a file holding several images', () => {
  test('asks which dataset to open, then offers its frames', async () => {
    await page.setInputFiles('[data-testid=file-input]', join(generatedDir, 'frames_float32.h5'));
    await page.waitForSelector('[role=dialog]');
    const choices = await page.locator('[role=dialog] [data-choice]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-choice')));
    expect(choices).toEqual(['/series/frames', '/series/mean']);
    await page.screenshot({ path: join(RESULTS, 'dataset-picker.png') });
    await page.click('[data-choice="/series/frames"]');
    await expect.poll(() => page.textContent('[data-testid=volume-dims]')).toBe('14 × 12 × 10 voxels');
    await page.waitForSelector('[data-status=ready]');
    await page.fill('[data-testid=frame]', '3');
    // Frame 3 of make_fixtures.py's series holds values in [2, 3]; frame 1 in [0, 1].
    await expect.poll(() => page.textContent('[data-testid=volume-facts]')).toMatch(/values 2 … 3/);
  });
});
