// The label overlay as the user sees it, now that each slice view fetches only the slice it shows: Shift+wheel
// sizes the brush (the slice stays), a painted stroke shows in the segment's colour where it was painted and
// nowhere else, it is gone on another slice and back when the user scrolls back, and undo takes it off the screen.
// Pixels are read from screenshots; where they must land comes from test/e2e/screen.ts, not from the app.
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { defaultPhantomGrid as grid } from '../../build/phantom/phantom';
import { settled, shoot } from './harness';
import { edits, inAxialView, onAxialPage, onPhantom } from './phantomPage';

let page: Page;
/** Byte sizes of the label slices the page fetched, in order. */
const fetched: number[] = [];
onPhantom((opened) => {
  page = opened;
  page.on('response', (response) => {
    if (/\/data\/segment\/[\w-]+\/labels\//.test(response.url())) void response.body().then((body) => fetched.push(body.byteLength));
  });
});

const AXIAL = '[data-view=axial]';
/** The stroke, on the axial slice through the crosshair, in the black corner outside the phantom's skull. */
const FROM: [number, number] = [8, 14];
const TO: [number, number] = [28, 14];

const viewLabel = () => page.textContent(`${AXIAL} [data-testid=view-label]`);
const radius = () => page.inputValue('[data-testid=param-radiusMm]').then(Number);

/** Runs a UI action and waits until the segmentation's revision moved past where it was. */
/** The axial view with the mouse off it (no brush circle), once its labels are those of slice `z` at the latest revision. */
async function axialShot(name: string, z: number): Promise<PNG> {
  await page.mouse.move(600, 10);
  await page.waitForFunction(
    ([view, slice]) => {
      const layer = document.querySelector(`${view} [data-testid=label-layer]`) as HTMLElement;
      const panel = document.querySelector('[data-testid=segments-panel]') as HTMLElement;
      return layer.dataset.slice === String(slice) && Number(layer.dataset.revision) >= Number(panel.dataset.revision);
    },
    [AXIAL, z] as const,
  );
  await settled(page);
  await shoot(page, AXIAL, name);
  return PNG.sync.read(await page.locator(AXIAL).screenshot());
}

const rgbAt = (png: PNG, [x, y]: [number, number]) => {
  const at = 4 * (Math.round(y) * png.width + Math.round(x));
  return [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!];
};

/** Pixels of `after` that differ from `before` by more than 30 in a channel, as [x, y]. */
function changed(before: PNG, after: PNG): [number, number][] {
  const out: [number, number][] = [];
  for (let y = 0; y < before.height; y++)
    for (let x = 0; x < before.width; x++) {
      const at = 4 * (y * before.width + x);
      if ([0, 1, 2].some((k) => Math.abs(before.data[at + k]! - after.data[at + k]!) > 30)) out.push([x, y]);
    }
  return out;
}

/** Distance of point p from the segment a–b. */
function fromSegment([px, py]: [number, number], [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

describe('the label overlay from slices', () => {
  let z: number;
  let colour: number[];
  let before: PNG;
  let radiusMm: number;

  test('Shift+wheel over the axial view grows the brush ×1.1 per notch and leaves the slice where it was', async () => {
    await page.click('[data-testid=add-segment]');
    await page.waitForSelector('[data-segment] input[type=color]');
    const hex = await page.inputValue('[data-segment] input[type=color]');
    colour = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('b');
    const label = (await viewLabel())!;
    z = Number(/Axial (\d+)\//.exec(label)![1]) - 1;
    const start = await radius();
    await page.mouse.move(...(await onAxialPage(page, [64, 64], z)));
    await page.keyboard.down('Shift');
    let want = start;
    for (let notch = 0; notch < 3; notch++) {
      await page.mouse.wheel(0, -100);
      want = Math.round(want * 1.1 * 100) / 100; // the size is kept to 0.01 mm
      await expect.poll(radius).toBe(want);
    }
    await page.keyboard.up('Shift');
    radiusMm = await radius();
    expect(radiusMm).toBeCloseTo(start * 1.1 ** 3, 1);
    expect(await viewLabel()).toBe(label);
    // Three notches down come back to within the 0.01 mm the size is kept to.
    await page.keyboard.down('Shift');
    for (let notch = 0; notch < 3; notch++) await page.mouse.wheel(0, 100);
    await page.keyboard.up('Shift');
    await expect.poll(radius).toBeCloseTo(start, 1);
    await page.fill('[data-testid=param-radiusMm]', String(radiusMm));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await viewLabel()).toBe(label);
  });

  test('a painted stroke shows in the segment colour where it was painted and nowhere else', async () => {
    before = await axialShot('overlay-before', z);
    fetched.length = 0;
    await edits(page, async () => {
      await page.mouse.move(...(await onAxialPage(page, FROM, z)));
      await page.mouse.down();
      await page.mouse.move(...(await onAxialPage(page, TO, z)), { steps: 10 });
      await page.mouse.up();
    });
    const painted = await axialShot('overlay-painted', z);
    // One axial slice of 128 × 128 uint8 labels came over for the edit, not the 1.5 MiB labelmap.
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.every((bytes) => bytes === 128 * 128)).toBe(true);

    // Over the black corner at 50 % opacity the stroke shows as half the segment's colour along its length…
    for (const x of [10, 18, 26]) {
      const rgb = rgbAt(painted, await inAxialView(page, [x, 14], z));
      colour.forEach((c, k) => expect(Math.abs(rgb[k]! - c / 2), `x ${x}`).toBeLessThan(12));
    }
    // …and nothing changed farther from it than the brush's radius plus a voxel.
    const [a, b] = [await inAxialView(page, FROM, z), await inAxialView(page, TO, z)];
    const perMm = Math.hypot(...((await inAxialView(page, [FROM[0] + 1, FROM[1]], z)).map((c, k) => c - a[k]!) as [number, number])) / grid.spacing[0];
    const reach = (radiusMm + Math.hypot(...grid.spacing.slice(0, 2))) * perMm;
    const moved = changed(before, painted);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.filter((p) => fromSegment(p, a, b) > reach)).toEqual([]);
  });

  test('the stroke is gone three slices away and there again after scrolling back', async () => {
    const stroke = await inAxialView(page, [18, 14], z);
    await page.mouse.move(...(await onAxialPage(page, [64, 64], z)));
    for (let notch = 0; notch < 3; notch++) await page.mouse.wheel(0, 100);
    await expect.poll(viewLabel).toBe(`Axial ${z + 4}/${grid.dims[2]}`);
    const away = await axialShot('overlay-away', z + 3);
    expect(Math.max(...rgbAt(away, stroke))).toBeLessThan(10);

    await page.mouse.move(...(await onAxialPage(page, [64, 64], z)));
    for (let notch = 0; notch < 3; notch++) await page.mouse.wheel(0, -100);
    await expect.poll(viewLabel).toBe(`Axial ${z + 1}/${grid.dims[2]}`);
    const back = await axialShot('overlay-back', z);
    colour.forEach((c, k) => expect(Math.abs(rgbAt(back, stroke)[k]! - c / 2)).toBeLessThan(12));
  });

  test('undo takes the stroke off the screen', async () => {
    await edits(page, () => page.keyboard.press('Control+z'));
    const undone = await axialShot('overlay-undone', z);
    expect(changed(before, undone)).toEqual([]);
  });
});

