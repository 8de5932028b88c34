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

/** Mean grey of the 3D view. */
async function brightness(name: string): Promise<number> {
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
