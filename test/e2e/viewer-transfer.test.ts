// The transfer-function editor in real Chromium on the phantom: it draws the histogram and the preset's
// points, dragging an opacity point changes the 3D rendering, double-clicks add and remove points, and
// "Back to preset" gives the preset's rendering back.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { RESULTS, settled, shoot } from './harness';
import { onPhantom } from './phantomPage';

let page: Page;

onPhantom((opened) => (page = opened));

/** Mean grey of the 3D view, once the last change is drawn. */
async function brightness(name: string): Promise<number> {
  await page.waitForSelector('[data-view=volume] .vtk-canvas:not([data-frame=pending])');
  await settled(page);
  const pixels = await shoot(page, '[data-view=volume]', name);
  let sum = 0;
  let count = 0;
  for (let y = 0; y < pixels.height; y += 3) for (let x = 0; x < pixels.width; x += 3, count++) sum += pixels.grey(x, y);
  return sum / count;
}

const opacityPoints = () => page.locator('[data-testid=tf-opacity-point]');

test('the editor starts from the grayscale preset: three opacity points, two colour points, over a histogram', async () => {
  expect(await opacityPoints().count()).toBe(3);
  expect(await page.locator('[data-testid=tf-colour-point]').count()).toBe(2);
  await page.locator('[data-testid=tf-editor]').screenshot({ path: join(RESULTS, 'transfer-editor.png') });
});

test('raising the brightest values\' opacity makes the rendering brighter, and the preset comes back', async () => {
  const before = await brightness('transfer-before');
  const top = (await opacityPoints().last().boundingBox())!;
  const area = (await page.locator('[data-testid=tf-opacity-area]').boundingBox())!;
  await page.mouse.move(top.x + top.width / 2, top.y + top.height / 2);
  await page.mouse.down();
  await page.mouse.move(top.x + top.width / 2, area.y + area.height * 0.3);
  await page.mouse.move(top.x + top.width / 2, area.y + 2);
  await page.mouse.up();
  await settled(page);
  expect(await page.textContent('[data-view=volume] text')).toContain('(edited)');
  const after = await brightness('transfer-edited');
  expect(after).toBeGreaterThan(before * 1.3);

  await page.mouse.dblclick(area.x + area.width * 0.5, area.y + area.height * 0.8);
  expect(await opacityPoints().count()).toBe(4);
  const added = (await opacityPoints().nth(2).boundingBox())!;
  await page.mouse.dblclick(added.x + added.width / 2, added.y + added.height / 2);
  expect(await opacityPoints().count()).toBe(3);

  await page.click('[data-testid=tf-reset]');
  await settled(page);
  expect(Math.abs((await brightness('transfer-reset')) - before)).toBeLessThan(1);
});

test('a clicked point can be typed exactly, and the editor enlarges over the views and docks again', async () => {
  const last = opacityPoints().last();
  const box = (await last.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const opacity = page.locator('[data-testid=tf-point-opacity]');
  await opacity.fill('0.25');
  await opacity.press('Enter');
  // The plot's opacity axis is a square root: 0.25 sits at half the plot's height.
  const area = (await page.locator('[data-testid=tf-opacity-area]').boundingBox())!;
  const moved = (await last.boundingBox())!;
  expect(Math.abs(moved.y + moved.height / 2 - (area.y + area.height / 2))).toBeLessThan(2);

  const docked = (await page.locator('[data-testid=tf-editor]').boundingBox())!;
  await page.click('[data-testid=tf-enlarge]');
  const enlarged = (await page.locator('[data-testid=tf-editor]').boundingBox())!;
  expect(enlarged.width).toBeGreaterThan(docked.width * 2);
  expect(enlarged.y + enlarged.height).toBeLessThanOrEqual(page.viewportSize()!.height);
  const bars = await page.locator('[data-testid=tf-editor] path').first().getAttribute('d');
  await page.click('[data-testid=tf-log]');
  expect(await page.locator('[data-testid=tf-editor] path').first().getAttribute('d')).not.toBe(bars);
  await page.screenshot({ path: join(RESULTS, 'transfer-enlarged.png') });
  await page.click('[data-testid=tf-enlarge]');
  expect((await page.locator('[data-testid=tf-editor]').boundingBox())!.width).toBeCloseTo(docked.width, 0);
  await page.click('[data-testid=tf-reset]');
});
