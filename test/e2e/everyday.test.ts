// Everyday use (issue 19): every control reachable at 1280×800 and 1440×900, Page Down stopping at the last
// slice, and an error shown whole in the one error list, copyable and dismissible.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { RESULTS, settled } from './harness';
import { onPhantom } from './phantomPage';

let page: Page;

onPhantom((opened) => {
  page = opened;
  mkdirSync(RESULTS, { recursive: true });
});

/** True when the element's centre is inside the window and the element itself (not a cover) is there. */
const reachable = (selector: string) =>
  page.locator(selector).evaluate((element) => {
    element.scrollIntoView({ block: 'nearest' });
    const box = element.getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    const inside = x >= 0 && y >= 0 && x < window.innerWidth && y < window.innerHeight;
    const top = document.elementFromPoint(x, y);
    return inside && (top === element || element.contains(top));
  });

describe.each([
  [1280, 800],
  [1440, 900],
])('at %i × %i', (width, height) => {
  test('Cine, Screenshot, Help and the transfer-function editor can be reached', async () => {
    await page.setViewportSize({ width, height });
    await settled(page);
    await page.screenshot({ path: join(RESULTS, `everyday-${width}x${height}.png`) });
    for (const selector of ['[data-testid=cine]', '[data-testid=screenshot-view]', '[data-testid=help-button]', '[data-testid=tf-editor]', '[data-testid=window-preset]']) {
      expect(await reachable(selector), selector).toBe(true);
    }
  });
});

test('Page Down stops at the last slice, and ↑ then answers at once', async () => {
  const axial = page.locator('[data-view=axial]');
  const box = (await axial.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const label = async () => /Axial (\d+)\/(\d+)/.exec((await page.textContent('[data-view=axial] [data-testid=view-label]'))!)!.slice(1).map(Number);
  const [, count] = await label();
  for (let press = 0; press < Math.ceil(count! / 10) + 3; press++) await page.keyboard.press('PageDown');
  await settled(page);
  const [last] = await label();
  expect(last === 1 || last === count).toBe(true); // the end the view steps towards, never past it
  await page.keyboard.press(last === count ? 'ArrowUp' : 'ArrowDown');
  await settled(page);
  expect((await label())[0]).toBe(last === count ? count! - 1 : 2);
});

test('an error shows whole in the error list, with Copy and Dismiss', async () => {
  await page.setInputFiles('[data-testid=file-input]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a scan') });
  const message = page.locator('[data-testid=error-message]');
  await message.waitFor({ timeout: 15_000 });
  const text = (await message.textContent())!;
  expect(text).toMatch(/notes\.txt/);
  // Whole: nothing of it is clipped (its box holds all its lines).
  expect(await message.evaluate((element) => element.scrollHeight <= element.clientHeight + 1 && element.scrollWidth <= element.clientWidth + 1)).toBe(true);
  await page.screenshot({ path: join(RESULTS, 'everyday-error.png') });
  await page.click('[data-testid=error-copy]');
  expect(await page.textContent('[data-testid=error-copy]')).toMatch(/Copied|Copy/);
  await page.click('[data-testid=error-dismiss]');
  expect(await page.locator('[data-testid=error]').count()).toBe(0);
});
