// What the Jobs panel tests share: the box recipe (threshold the hollow box of make_batch.py's scans at 300, fill
// its cavity), choosing scans with the host Open dialog, the tasks' states, and counting a labelmap's voxels.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { connectContract } from './contractSocket';

/** Saves the box recipe, recorded on `scan` through the contract, at `path`. */
export async function saveBoxRecipe(url: string, scan: string, path: string): Promise<void> {
  const contract = await connectContract(url);
  const { id } = await contract.call('volume.open', { path: scan });
  await contract.call('segment.add', { volumeId: id });
  await contract.call('segment.apply', { volumeId: id, operation: { tool: 'threshold', segment: 1, range: [300, 300] } });
  await contract.call('segment.apply', { volumeId: id, operation: { tool: 'fillHoles', segment: 1 } });
  expect((await contract.call('batch.saveRecipe', { volumeId: id, path })).steps).toBe(3);
  contract.close();
}

/** Adds the scans `names` of the host folder `root` (a --browse root) to the batch, through the Open dialog. */
export async function chooseScans(page: Page, panel: Locator, root: string, names: string[]): Promise<void> {
  await panel.getByTestId('batch-add-host').click();
  const dialog = page.locator('[data-testid=open-dialog]');
  await dialog.locator(`.host-places button[title="${root}"]`).click();
  await expect.poll(() => dialog.getByTestId('host-path').innerText()).toBe(root);
  for (const name of names) await dialog.locator(`[data-entry="${name}"] .host-name`).click();
  await expect(dialog.getByTestId('chosen-scans').innerText()).resolves.toBe(`Added ${names.join(', ')}`);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(panel.getByTestId('batch-scans').locator('li span').allInnerTexts()).resolves.toEqual(names);
}

/** Each task's state, in task order. */
export const taskStates = (panel: Locator) => panel.locator('[data-testid=batch-task]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));

/** Labelled voxels of a .nii.gz labelmap (nonzero bytes after the 352-byte header: one per voxel of label 1). */
export const labelled = (path: string) => gunzipSync(readFileSync(path)).subarray(352).reduce((count, byte) => count + (byte ? 1 : 0), 0);
