// Opening data where it lies (issue 19): the Open dialog browses the host (here the fixtures folder, given with
// serve --browse), recognises a DICOM series with its slices, opens it without an upload, lists it as recent, and
// a picked file the host already has opens from the host. A volume closes; one DICOM file opens its series.
// Dims are the fixture generators' (truth.json); paths are the file system's own.
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { generatedDir, references } from '../fixtures/reference';
import { connectContract } from './contractSocket';
import { RESULTS } from './harness';
import { onPhantom } from './phantomPage';

let page: Page;
let serverUrl: string;
const root = realpathSync(generatedDir);
onPhantom((opened, session) => {
  page = opened;
  serverUrl = session.server.url;
}, ['--browse', root]);

const ctSigned = references('dicom').ct_signed!.dims;
const mhd = references('tiff_meta_nrrd')['bigendian_float32.mhd']!.dims;

/** The volume on screen has `dims`, the list holds `count`, and the one on screen came from `path` on the host. */
async function opened(count: number, dims: number[], path: string): Promise<void> {
  await expect.poll(() => page.locator('.volume-list li').count()).toBe(count);
  await expect.poll(() => page.textContent('[data-testid=volume-dims]')).toBe(`${dims.join(' × ')} voxels`);
  expect(await page.getAttribute('.volume-list li.active button >> nth=0', 'title')).toBe(path);
  expect(await page.locator('[data-testid=error]').count()).toBe(0);
}

async function openDialog(): Promise<void> {
  await page.click('[data-testid=open-scan]');
  await page.waitForSelector('[data-testid=open-dialog]');
}

/** Into the folder `name` of the folder shown, once it is listed. */
async function browse(name: string): Promise<void> {
  const into = join((await page.textContent('[data-testid=host-path]'))!, name);
  await page.click(`[data-entry="${name}"] .host-name`);
  await page.waitForSelector(`[data-testid=host-path]:text-is("${into}")`);
  await page.waitForSelector('.host-entries[aria-busy=false]');
}

test('the Open dialog browses the host and opens a DICOM series folder where it lies', async () => {
  await openDialog();
  await page.click(`.host-places button[title="${root}"]`);
  await page.waitForSelector(`[data-testid=host-path]:text-is("${root}")`);
  await browse('dicom');
  expect(await page.textContent('[data-entry=ct_signed] .host-scan')).toBe(`DICOM series, ${ctSigned[2]! + 1} DICOM files`);
  // Resting on a scan shows its centre slice (integration/scanPreview.test.ts holds its pixels to numpy's).
  await page.hover('[data-entry=ct_signed]');
  await page.waitForSelector('[data-testid=scan-preview-image]');
  expect(await page.getAttribute('[data-testid=scan-preview-image]', 'width')).toBe(String(ctSigned[0]));
  await browse('ct_signed');
  expect(await page.textContent('.host-folder-scan')).toMatch(new RegExp(`This folder is a DICOM series, CT signed.*: ${ctSigned[2]} slices\\.`));
  mkdirSync(RESULTS, { recursive: true });
  for (const [width, height] of [[1280, 800], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    const box = (await page.locator('[data-testid=open-dialog]').boundingBox())!;
    // Every control of the dialog is on screen: it fits the window.
    expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height).toBe(true);
    await page.screenshot({ path: join(RESULTS, `open-dialog-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.click('[data-testid=open-folder]');
  await opened(2, ctSigned, join(root, 'dicom', 'ct_signed'));
});

test('a header + raw pair opens from the dialog; both show as recent; picking the same file opens it from the host', async () => {
  await openDialog();
  await page.click(`.host-places button[title="${root}"]`);
  await page.waitForSelector(`[data-testid=host-path]:text-is("${root}")`);
  await browse('tiff_meta_nrrd');
  expect(await page.textContent('[data-entry="bigendian_float32.mhd"] .host-scan')).toBe('MetaImage, header + data file');
  await page.click('[data-entry="bigendian_float32.mhd"] .host-name');
  const header = join(root, 'tiff_meta_nrrd', 'bigendian_float32.mhd');
  await opened(3, mhd, header);

  await openDialog();
  // Newest first (the list lives in the user's settings folder, so older entries may follow).
  await expect.poll(async () => (await page.locator('[data-testid=recent-scans] button').allTextContents()).slice(0, 2)).toEqual(['bigendian_float32.mhd', 'ct_signed']);
  await page.click('.host-foot button:text-is("Cancel")');
  // Uploaded alone, a .mhd would miss its .raw: it opens because the host's own file is opened instead.
  await page.setInputFiles('[data-testid=file-input]', [header]);
  await opened(4, mhd, header);
});

test('Close frees the volume on screen and the one before it shows', async () => {
  const before = await page.locator('.volume-list li').count();
  await page.click('.volume-list li.active [data-testid=close-volume]');
  await expect.poll(() => page.locator('.volume-list li').count()).toBe(before - 1);
  await expect.poll(() => page.textContent('[data-testid=volume-dims]')).toBe(`${mhd.join(' × ')} voxels`);
  // Freed on the host too, not only hidden in the page.
  const contract = await connectContract(serverUrl);
  expect(await contract.call('volume.list', {})).toHaveLength(before - 1);
  contract.close();
});

test('one DICOM file picked in the dialog opens its whole series', async () => {
  await openDialog();
  await page.click(`.host-places button[title="${root}"]`);
  await page.waitForSelector(`[data-testid=host-path]:text-is("${root}")`);
  await browse('dicom');
  await browse('ct_signed');
  const first = page.locator('.host-entry.scan:not(:has-text("notes")) .host-name').first();
  const name = (await first.getAttribute('title'))!;
  await first.click();
  await expect.poll(() => page.textContent('[data-testid=volume-dims]')).toBe(`${ctSigned.join(' × ')} voxels`);
  expect(await page.getAttribute('.volume-list li.active button >> nth=0', 'title')).toBe(name);
});
