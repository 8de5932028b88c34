// The right column (Segment Editor, then AI segmentation) scrolls as one stack: at 1280×800 and 1920×1080, with a
// segment tool's options open, statistics measured and a prompt preview's Accept / Reject showing, every control can be scrolled into view
// and is the element the mouse would hit there (nothing overlaps it, the fixed Sync button included).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { RESULTS, settled } from './harness';
import { onPhantom } from './phantomPage';

let page: Page;
onPhantom((opened) => {
  page = opened;
});

/** Buttons of the right column that are not reachable: hidden under something, or outside the column once scrolled to. */
async function unreachable(): Promise<string[]> {
  const buttons = page.locator('[data-testid=right-column] button:visible, [data-testid=right-column] select:visible');
  const found: string[] = [];
  for (let n = 0; n < (await buttons.count()); n++) {
    const button = buttons.nth(n);
    await button.scrollIntoViewIfNeeded();
    const problem = await button.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const column = element.closest('.right-stack')!.getBoundingClientRect();
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      if (box.top < column.top - 0.5 || box.bottom > column.bottom + 0.5) return `outside the column (${box.top}–${box.bottom} of ${column.top}–${column.bottom})`;
      const hit = document.elementFromPoint(x, y);
      return hit && (hit === element || element.contains(hit)) ? '' : `covered by ${hit?.outerHTML.slice(0, 80)}`;
    });
    if (problem) found.push(`${(await button.textContent())?.trim() || (await button.getAttribute('data-testid'))}: ${problem}`);
  }
  return found;
}

/** A segment in the table, its statistics measured, and a prompt preview waiting for Accept / Reject: the longest stack. */
async function previewWaiting(): Promise<void> {
  await page.click('[data-testid=add-segment]');
  await page.click('[data-testid=measure-segments]');
  await page.waitForSelector('[data-testid=segment-statistics]');
  const view = (await page.locator('[data-view=axial]').boundingBox())!;
  await page.mouse.move(view.x + view.width * 0.4, view.y + view.height * 0.4);
  await page.mouse.down();
  await page.mouse.move(view.x + view.width * 0.6, view.y + view.height * 0.6, { steps: 5 });
  await page.mouse.up();
  await page.click('[data-testid=inference-run]');
  await page.waitForSelector('[data-testid=inference-accept]', { timeout: 60_000 });
}

describe('the right column', () => {
  for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
    test(`at ${width}×${height} every Segment Editor and AI segmentation control can be reached`, async () => {
      await page.setViewportSize({ width, height });
      await page.selectOption('[data-testid=inference-model]', 'demo-box-threshold');
      await page.waitForSelector('[data-testid=inference-prompt-mode]');
      if (!(await page.locator('[data-testid=inference-accept]').count())) await previewWaiting();
      if ((await page.locator('[data-segment-tool=threshold]').getAttribute('aria-pressed')) !== 'true') await page.click('[data-segment-tool=threshold]');
      await settled(page);
      await page.locator('.right-stack').evaluate((stack) => stack.scrollTo(0, 0));
      await page.screenshot({ path: join(RESULTS, `layout-right-${width}x${height}-top.png`) });
      expect(await unreachable()).toEqual([]);
      await page.locator('.right-stack').evaluate((stack) => stack.scrollTo(0, stack.scrollHeight));
      await settled(page);
      await page.screenshot({ path: join(RESULTS, `layout-right-${width}x${height}-end.png`) });
      // The Sync button sits in the column's foot, under the end of the stack, not over it.
      const [sync, stack] = await Promise.all([page.locator('[data-testid=sync-toggle]').boundingBox(), page.locator('.right-stack').boundingBox()]);
      expect(sync!.y).toBeGreaterThanOrEqual(stack!.y + stack!.height);
    });
  }
});
