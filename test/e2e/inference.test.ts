// AI segmentation as a user runs it in real Chromium: the bundled demo model picked in the Inference panel,
// run on the embedded phantom with a progress bar; the new segment must hold the labels scipy computes for the
// model (3×3×3 mean > 0.1 of the min-max scaled scan at 2 mm, test/fixtures/make_models.py) and show on the slices.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultPhantomGrid } from '../../build/phantom/phantom';
import { connectContract, type ContractSocket } from './contractSocket';
import { PNG } from 'pngjs';
import { RESULTS, settled } from './harness';
import { onPhantom } from './phantomPage';
import { screenOf } from './screen';

let page: Page;
let contract: ContractSocket;
let serverUrl: string;

onPhantom(async (opened, { server }) => {
  page = opened;
  serverUrl = server.url;
  contract = await connectContract(serverUrl);
});
afterAll(() => contract?.close());

/** Phantom coordinates (x left, y anterior, z superior, unit = half the field of view) to LPS mm. */
const phantomWorld = (x: number, y: number, z: number): [number, number, number] => [x * 96, -y * 96, z * 96];

describe('the Inference panel', () => {
  test('offers the bundled demo model', async () => {
    const model = page.locator('[data-testid=inference-model]');
    await expect.poll(() => model.inputValue()).toBe('demo-tissue');
    expect(await model.locator('option').first().textContent()).toBe('demo-tissue 1.0.0 (bundled)');
  });

  test('runs it on the phantom with a progress bar and reports the CPU provider', async () => {
    await page.click('[data-testid=inference-run]');
    await page.waitForSelector('[data-testid=inference-progress]', { timeout: 5_000 });
    await page.screenshot({ path: join(RESULTS, 'inference-running.png') });
    await page.waitForSelector('[data-testid=inference-labels]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=inference-message]')).toMatch(/^demo-tissue ran on CPU in \d+\.\d s$/);
    expect(await page.textContent('[data-testid=inference-labels]')).toMatch(/Tissue \(demo model\): [\d,]+ voxels/);
  });

  test('adds a segment holding exactly the labels scipy computes for the model', async () => {
    const [volume] = await contract.call('volume.list', {});
    const info = await contract.call('segment.info', { volumeId: volume!.id });
    const segment = info.segments.find(({ name }) => name === 'Tissue (demo model)')!;
    expect(segment).toMatchObject({ color: [230, 120, 40], visible: true });

    const url = new URL(serverUrl);
    const response = await fetch(`${url.origin}/data/segment/${volume!.id}/labels?token=${url.searchParams.get('token')}`);
    const labels = new Uint8Array(await response.arrayBuffer());
    const expectedPath = join(mkdtempSync(join(tmpdir(), 'voxbench-demo-')), 'expected.u8');
    execFileSync('/usr/bin/python3', ['test/fixtures/make_models.py', 'demo-labels', 'assets/shepp-logan.nii.gz', expectedPath]);
    const expected = readFileSync(expectedPath);
    let differ = 0;
    for (let i = 0; i < expected.length; i++) if ((labels[i] === segment.value) !== (expected[i] === 1)) differ++;
    expect(labels.length).toBe(expected.length);
    expect(differ).toBeLessThanOrEqual(expected.length * 1e-4);
  });

  test('shows the segment on the axial slice: brain tinted with its colour, ventricles and air not', async () => {
    await settled(page);
    await page.screenshot({ path: join(RESULTS, 'inference-done.png') });
    const image = PNG.sync.read(await page.locator('[data-view=axial]').screenshot({ path: join(RESULTS, 'inference-axial.png') }));
    const png = (x: number, y: number) => {
      const [px, py] = screenOf(defaultPhantomGrid, 'axial', image.width, image.height, phantomWorld(x, y, 0)).map(Math.round) as [number, number];
      const at = (py * image.width + px) * 4;
      return [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!] as const;
    };
    const [r, g, b] = png(-0.45, 0.3); // brain, grey 51 alone
    expect(r - b).toBeGreaterThan(40);
    expect(r).toBeGreaterThan(g);
    for (const [x, y] of [[0.22, 0.04], [0.5, 0.9]] as const) {
      const [vr, , vb] = png(x, y); // left ventricle, air beside the forehead
      expect(Math.abs(vr - vb)).toBeLessThan(10);
    }
  });
});
