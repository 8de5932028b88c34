// Opening data (issue 19): files picked together land in one upload folder; a DICOM series opens as that
// folder, a MetaImage header with its .raw as the header. Dims are the fixture generator's (truth.json).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { generatedDir } from '../fixtures/reference';
import { onPhantom } from './phantomPage';

let page: Page;

onPhantom((opened) => (page = opened));

const truth = (folder: string) => JSON.parse(readFileSync(join(generatedDir, folder, 'truth.json'), 'utf8')) as Record<string, { dims: number[] }>;

/** The volume on screen has `dims`, is the `count`th opened, and nothing failed on the way. */
async function opened(count: number, dims: number[]): Promise<void> {
  await expect.poll(() => page.locator('.volume-list li').count()).toBe(count);
  await expect.poll(() => page.textContent('[data-testid=volume-dims]')).toBe(`${dims.join(' × ')} voxels`);
  expect(await page.locator('[data-testid=error]').count()).toBe(0);
}

test('the files of a DICOM series picked together open as one volume', async () => {
  const series = join(generatedDir, 'dicom', 'ct_signed');
  await page.setInputFiles('[data-testid=file-input]', readdirSync(series).map((name) => join(series, name)));
  await opened(1, truth('dicom').ct_signed!.dims);
});

test('a MetaImage header picked with its .raw opens as the header, the upload reporting its bytes in the jobs list', async () => {
  const folder = join(generatedDir, 'tiff_meta_nrrd');
  const files = ['bigendian_float32.raw', 'bigendian_float32.mhd'].map((name) => join(folder, name));
  // Every text the jobs list shows, kept: an upload of a few kilobytes is listed only for moments.
  await page.evaluate(() => {
    const seen: string[] = ((globalThis as unknown as { jobTexts: string[] }).jobTexts = []);
    const list = document.querySelector('[data-testid=loading-indicator]')!;
    new MutationObserver(() => seen.push(list.textContent ?? '')).observe(list, { subtree: true, childList: true, characterData: true });
  });
  await page.setInputFiles('[data-testid=file-input]', files);
  await opened(2, truth('tiff_meta_nrrd')['bigendian_float32.mhd']!.dims);
  const total = (files.reduce((sum, file) => sum + statSync(file).size, 0) / 1024).toFixed(1); // 6.5 KiB
  const texts = await page.evaluate(() => (globalThis as unknown as { jobTexts: string[] }).jobTexts);
  expect(texts.some((text) => text.includes(`Uploading 2 files: ${total} KiB of ${total} KiB`))).toBe(true);
  expect(await page.textContent('[data-testid=volume-name]')).toMatch(/bigendian_float32\.mhd$/);
});

test('the slices of a TIFF stack dropped on the window together open as one volume', async () => {
  const stack = join(generatedDir, 'tiff_meta_nrrd', 'slices_float32');
  const files = readdirSync(stack).map((name) => ({ name, base64: readFileSync(join(stack, name)).toString('base64') }));
  // A drop as the page receives it: a DataTransfer holding the files (Playwright's synthetic drops carry no folder entries).
  const transfer = await page.evaluateHandle((dropped) => {
    const data = new DataTransfer();
    for (const { name, base64 } of dropped) data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: 'image/tiff' }));
    return data;
  }, files);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer: transfer });
  expect(await page.locator('.app.dragging').count()).toBe(1); // the drag-over highlight
  await page.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
  await opened(3, truth('tiff_meta_nrrd').slices_float32!.dims);
  expect(await page.locator('.app.dragging').count()).toBe(0);
});
