// A prompt model as a user drives it in real Chromium: the bundled demo box model picked in the Inference panel,
// a box dragged on the phantom's axial slice, Run shows a magenta preview of the voxels above the box's mean
// (nothing written yet), Accept writes exactly the voxels numpy finds for that box
// (test/fixtures/make_models.py box-labels), read back over the bulk route.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { defaultPhantomGrid } from '../../build/phantom/phantom';
import { connectContract, type ContractSocket } from './contractSocket';
import { RESULTS, settled } from './harness';
import { onPhantom } from './phantomPage';
import { screenOf, worldOf } from './screen';

let page: Page;
let contract: ContractSocket;
let serverUrl: string;
let box: { min: Vec3; max: Vec3 };
let expected: Uint8Array;

onPhantom(async (opened, { server }) => {
  page = opened;
  serverUrl = server.url;
  contract = await connectContract(serverUrl);
});
afterAll(() => contract?.close());

const [nx, ny] = defaultPhantomGrid.dims;

/** Page pixel of voxel (x, y) of the axial view, from the view's box on the page. */
async function axialPixel(x: number, y: number, z: number): Promise<[number, number]> {
  const view = (await page.locator('[data-view=axial]').boundingBox())!;
  const [px, py] = screenOf(defaultPhantomGrid, 'axial', view.width, view.height, worldOf(defaultPhantomGrid, [x, y, z]));
  return [view.x + px, view.y + py];
}

/** Voxels (x, y) of the box's slice well inside the box whose 3×3 neighbourhood numpy marks all `value`. */
function interior(value: number): [number, number][] {
  const z = box.min[2];
  const at = (x: number, y: number) => expected[x + nx * (y + ny * z)]!;
  const found: [number, number][] = [];
  for (let y = box.min[1] + 2; y <= box.max[1] - 2; y++)
    for (let x = box.min[0] + 2; x <= box.max[0] - 2; x++)
      if ([-1, 0, 1].every((dy) => [-1, 0, 1].every((dx) => at(x + dx, y + dy) === value))) found.push([x, y]);
  return found;
}

async function labelsOverBulkRoute(volumeId: string): Promise<Uint8Array> {
  const url = new URL(serverUrl);
  const response = await fetch(`${url.origin}/data/segment/${volumeId}/labels?token=${url.searchParams.get('token')}`);
  return new Uint8Array(await response.arrayBuffer());
}

describe('a prompt model in the Inference panel', () => {
  test('picking the demo box model shows prompt mode', async () => {
    await page.selectOption('[data-testid=inference-model]', 'demo-box-threshold');
    await page.waitForSelector('[data-testid=inference-prompt-mode]');
  });

  test('a drag on the axial slice draws a box on that slice', async () => {
    await page.mouse.move(...(await axialPixel(40, 50, 48)));
    await page.mouse.down();
    await page.mouse.move(...(await axialPixel(60, 70, 48)), { steps: 5 });
    await page.mouse.move(...(await axialPixel(80, 90, 48)), { steps: 5 });
    await page.mouse.up();
    const text = (await page.textContent('[data-testid=inference-prompts]'))!;
    const match = /box (\d+),(\d+),(\d+) – (\d+),(\d+),(\d+)/.exec(text)!;
    expect(match, text).toBeTruthy();
    const n = match.slice(1).map(Number);
    box = { min: n.slice(0, 3) as Vec3, max: n.slice(3) as Vec3 };
    // A box on the slice on screen, within a voxel of where the mouse went.
    expect(box.min[2]).toBe(box.max[2]);
    for (const [got, want] of [[box.min[0], 40], [box.min[1], 50], [box.max[0], 80], [box.max[1], 90]] as const) expect(Math.abs(got - want)).toBeLessThanOrEqual(1);
    const out = join(mkdtempSync(join(tmpdir(), 'voxbench-prompt-')), 'expected.u8');
    execFileSync('/usr/bin/python3', ['test/fixtures/make_models.py', 'box-labels', 'assets/shepp-logan.nii.gz', ...[...box.min, ...box.max].map(String), out]);
    expected = readFileSync(out);
  });

  test('Run shows the preview in magenta on the slice, and writes nothing yet', async () => {
    await page.click('[data-testid=inference-run]');
    await page.waitForSelector('[data-testid=inference-accept]', { timeout: 60_000 });
    const marked = expected.reduce((sum, value) => sum + value, 0);
    expect(await page.textContent('[data-testid=inference-message]')).toContain(`${marked.toLocaleString('en-US')} voxels`);
    await settled(page);
    await page.screenshot({ path: join(RESULTS, 'inference-prompt-preview.png') });
    const shot = PNG.sync.read(await page.screenshot());
    const dpr = shot.width / page.viewportSize()!.width;
    const rgb = async (x: number, y: number) => {
      const [px, py] = (await axialPixel(x, y, box.min[2])).map((c) => Math.round(c * dpr));
      const at = (py! * shot.width + px!) * 4;
      return [shot.data[at]!, shot.data[at + 1]!, shot.data[at + 2]!];
    };
    const [inside, outside] = [interior(1), interior(0)];
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    for (const [x, y] of [inside[0]!, inside.at(-1)!]) {
      const [r, g, b] = await rgb(x, y);
      expect(r! - g!, `magenta at ${x},${y}`).toBeGreaterThan(60);
      expect(b! - g!, `magenta at ${x},${y}`).toBeGreaterThan(60);
    }
    for (const [x, y] of [outside[0]!, outside.at(-1)!]) {
      const [r, g, b] = await rgb(x, y);
      expect(Math.max(Math.abs(r! - g!), Math.abs(b! - g!)), `grey at ${x},${y}`).toBeLessThan(20);
    }
    const [volume] = await contract.call('volume.list', {});
    expect((await labelsOverBulkRoute(volume!.id)).every((value) => value === 0)).toBe(true);
  });

  test('Accept writes exactly the voxels numpy finds for the box, and the segment shows', async () => {
    await page.click('[data-testid=inference-accept]');
    await page.waitForSelector('[data-testid=inference-accept]', { state: 'detached' });
    const [volume] = await contract.call('volume.list', {});
    const info = await contract.call('segment.info', { volumeId: volume!.id });
    const segment = info.segments.find(({ name }) => name === 'Bright in box (demo)')!;
    expect(segment).toMatchObject({ color: [60, 200, 240], visible: true });
    await expect.poll(async () => (await labelsOverBulkRoute(volume!.id)).some(Boolean)).toBe(true);
    const labels = await labelsOverBulkRoute(volume!.id);
    expect(labels.length).toBe(expected.length);
    let differ = 0;
    for (let i = 0; i < expected.length; i++) if ((labels[i] === segment.value) !== (expected[i] === 1)) differ++;
    expect(differ).toBe(0);
    await settled(page);
    await page.screenshot({ path: join(RESULTS, 'inference-prompt-accepted.png') });
  });

  test('Reject drops a second preview: the magenta goes, the labelmap and the segments stay as they were', async () => {
    const [volume] = await contract.call('volume.list', {});
    const before = await labelsOverBulkRoute(volume!.id);
    const segments = (await contract.call('segment.info', { volumeId: volume!.id })).segments.length;
    await page.mouse.move(...(await axialPixel(40, 50, 48)));
    await page.mouse.down();
    await page.mouse.move(...(await axialPixel(80, 90, 48)), { steps: 5 });
    await page.mouse.up();
    await page.click('[data-testid=inference-run]');
    await page.click('[data-testid=inference-reject]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=inference-reject]', { state: 'detached' });
    await settled(page);
    const shot = PNG.sync.read(await page.screenshot({ path: join(RESULTS, 'inference-prompt-rejected.png') }));
    const [px, py] = (await axialPixel(...interior(1)[0]!, box.min[2])).map(Math.round);
    const at = (py! * shot.width + px!) * 4;
    expect(shot.data[at]! - shot.data[at + 1]!, 'no magenta left').toBeLessThan(30);
    expect(await labelsOverBulkRoute(volume!.id)).toEqual(before);
    expect((await contract.call('segment.info', { volumeId: volume!.id })).segments.length).toBe(segments);
    await page.keyboard.press('Escape');
  });

  test('clicks place points, N makes the next one negative, and Esc clears them all', async () => {
    const prompts = () => page.textContent('[data-testid=inference-prompts]');
    await page.mouse.click(...(await axialPixel(64, 64, 48)));
    await expect.poll(prompts).toBe('1 point');
    await page.keyboard.press('n');
    expect(await page.isChecked('[data-testid=inference-negative]')).toBe(true);
    await page.mouse.click(...(await axialPixel(70, 64, 48)));
    await expect.poll(prompts).toBe('2 points');
    await settled(page);
    await page.locator('[data-view=axial]').screenshot({ path: join(RESULTS, 'inference-prompt-points.png') });
    await page.keyboard.press('Escape');
    await expect.poll(prompts).toBe('0 points');
  });
});
