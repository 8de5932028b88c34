// Islands → split (issue 19): the segment split stays the active one, so the next paint goes where it went before;
// each further island becomes a new segment. Three spheres painted apart (one stroke each) are three islands by construction.
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectContract } from './contractSocket';
import { edits, onPhantom } from './phantomPage';

let page: Page;
let serverUrl: string;
onPhantom((opened, session) => {
  page = opened;
  serverUrl = session.server.url;
});

test('Islands → split leaves the chosen segment active and adds one segment per further island', async () => {
  const contract = await connectContract(serverUrl);
  const [volume] = await contract.call('volume.list', {});
  await edits(page, () => page.click('[data-testid=add-segment]'));
  await edits(page, () => page.click('[data-testid=add-segment]'));
  // One stroke per sphere: a stroke's points are joined into one swept shape.
  for (const centre of [[30, 30, 40], [64, 64, 40], [100, 100, 40]] as [number, number, number][]) {
    const paint = { tool: 'paint' as const, segment: 1, shape: 'sphere' as const, radiusMm: 4, space: 'voxel' as const, points: [centre] };
    await edits(page, async () => void (await contract.call('segment.apply', { volumeId: volume!.id, operation: paint })));
  }
  contract.close();
  await page.click('tr[data-segment="1"] td.name');
  expect(await page.getAttribute('tr.active', 'data-segment')).toBe('1');
  await page.click('[data-segment-tool=islands]');
  await page.selectOption('[data-testid=param-mode]', 'split');
  await page.fill('[data-testid=param-minVoxels]', '1');
  await edits(page, () => page.click('[data-testid=apply-tool]'));
  await expect.poll(() => page.locator('tr[data-segment]').count()).toBe(4);
  expect(await page.getAttribute('tr.active', 'data-segment')).toBe('1');
});
