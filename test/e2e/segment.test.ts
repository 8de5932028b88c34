// The Segment Editor in real Chromium on the segmentation phantom (test/fixtures/make_segment.py): paint a dab
// on an axial slice, threshold the box wall, grow from a seed clicked in the small ball, threshold the balls and
// remove the lone voxels as islands, undo twice, redo once. The labelmap read back over the bulk route must equal
// the one numpy/scipy compute from the phantom file, and the overlay must show the segments' colours on screen.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generatedDir } from '../fixtures/reference';
import { connectContract, type ContractSocket } from './contractSocket';
import { launchChromium, RESULTS, settled, startBrowserMode, type Server } from './harness';
import { edits, onView } from './phantomPage';
import { worldOf, type Grid, type Orientation } from './screen';

type Vec3 = [number, number, number];
const PHANTOM = join(generatedDir, 'segment', 'phantom.nii.gz');
/** The phantom's grid as make_segment.py writes it (LPS origin (-10, -12, 5), axis-aligned). */
const grid: Grid = { dims: [48, 40, 36], spacing: [0.8, 0.9, 1.25], origin: [-10, -12, 5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const DAB: Vec3 = [12, 32, 18]; // background, clear of every object
const DAB_MM = 2.5;
const SEED: Vec3 = [38, 10, 8]; // centre of the small ball

let server: Server;
let browser: Browser;
let page: Page;
let volumeId: string;
let contract: ContractSocket;

beforeAll(async () => {
  server = await startBrowserMode(['--open', PHANTOM]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 20_000 });
  await page.waitForSelector('[data-testid=segments-panel][data-revision]', { timeout: 10_000 });
  contract = await connectContract(server.url);
});

afterAll(async () => {
  contract?.close();
  await browser?.close();
  server?.stop();
});

const token = () => new URL(server.url).searchParams.get('token')!;
const origin = () => new URL(server.url).origin;

/** Page position of a voxel's centre in a slice view. */
const at = (view: Orientation, voxel: Vec3) => onView(page, grid, view, voxel);

async function chooseTool(id: string) {
  const button = page.locator(`[data-segment-tool=${id}]`);
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
}

async function setRange(low: number, high: number) {
  await page.fill('[data-testid=range-low]', String(low));
  await page.fill('[data-testid=range-high]', String(high));
}

/** With no segment tool, clicks move the crosshair: axial sets x and y, then coronal sets z. */
async function moveCursorTo(voxel: Vec3) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('c');
  await page.mouse.click(...(await at('axial', voxel)));
  await page.mouse.click(...(await at('coronal', voxel)));
  await settled(page);
}

async function readLabels(): Promise<Uint8Array> {
  const response = await fetch(`${origin()}/data/segment/${volumeId}/labels?token=${token()}`);
  expect(response.ok).toBe(true);
  return new Uint8Array(await response.arrayBuffer());
}

/** The expected labelmap, by nibabel + numpy + scipy.ndimage on the phantom file (x fastest, as the bulk route). */
function expectedLabels(dabWorld: Vec3, islandsRemoved: boolean): Uint8Array {
  const out = join(mkdtempSync(join(tmpdir(), 'vb-seg-')), 'expected.raw');
  const script = `
import sys, json
import numpy as np, nibabel as nib
from scipy import ndimage
img = nib.load(sys.argv[1])
data = np.asarray(img.dataobj)
labels = np.zeros(data.shape, np.uint8)
dab, r, seed, islands = json.loads(sys.argv[2])
# LPS world -> voxel through the file's own (RAS) affine
ras = np.array([-dab[0], -dab[1], dab[2], 1.0])
c = np.linalg.inv(img.affine) @ ras
sp = img.header.get_zooms()[:3]
i, j = np.meshgrid(np.arange(data.shape[0]), np.arange(data.shape[1]), indexing='ij')
disc = ((i - c[0]) * sp[0]) ** 2 + ((j - c[1]) * sp[1]) ** 2 <= r * r
labels[:, :, int(np.floor(c[2] + 0.5))][disc] = 1
labels[(data >= 250) & (data <= 350)] = 2
grown, _ = ndimage.label((data >= 50) & (data <= 150))
labels[grown == grown[tuple(seed)]] = 3
balls = (data >= 100) & (data <= 104) & (labels == 0)
if islands:
    parts, n = ndimage.label(balls, structure=np.ones((3, 3, 3)))
    sizes = ndimage.sum(balls, parts, range(1, n + 1))
    balls &= np.isin(parts, [k + 1 for k, s in enumerate(sizes) if s >= 10])
labels[balls] = 4
open(sys.argv[3], 'wb').write(labels.tobytes(order='F'))
`;
  execFileSync('/usr/bin/python3', ['-c', script, PHANTOM, JSON.stringify([dabWorld, DAB_MM, SEED, islandsRemoved]), out]);
  return new Uint8Array(readFileSync(out));
}

/** Voxels where two labelmaps differ, as "x,y,z: got/want" (the first few). */
function differences(got: Uint8Array, want: Uint8Array): string[] {
  const found: string[] = [];
  for (let n = 0; n < want.length && found.length < 10; n++) {
    if (got[n] !== want[n]) found.push(`${n % 48},${Math.floor(n / 48) % 40},${Math.floor(n / 1920)}: ${got[n]}/${want[n]}`);
  }
  return found;
}

async function shot(name: string) {
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path });
  return PNG.sync.read(readFileSync(path));
}

describe('Segment Editor', () => {
  let dabWorld: Vec3;

  test('paint, threshold, grow, islands, undo ×2, redo: the labelmap equals numpy/scipy on the phantom', async () => {
    const [volume] = await contract.call('volume.list', {});
    volumeId = volume!.id;
    expect(volume!.dims).toEqual(grid.dims);

    // 1. Paint: one dab on the axial slice through the dab voxel, chosen with the B key.
    await moveCursorTo(DAB);
    await edits(page, () => page.click('[data-testid=add-segment]'));
    await page.keyboard.press('b');
    await page.fill('[data-testid=param-radiusMm]', String(DAB_MM));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const dabAt = await at('axial', DAB);
    await page.mouse.move(...dabAt);
    await settled(page);
    await page.locator('[data-view=axial]').screenshot({ path: join(RESULTS, 'segment-brush-cursor.png') });
    await edits(page, () => page.mouse.click(...dabAt));

    // 2. Threshold the box wall (300) into segment 2.
    await edits(page, () => page.click('[data-testid=add-segment]'));
    await chooseTool('threshold');
    await setRange(250, 350);
    await settled(page);
    await shot('segment-threshold-preview');
    await edits(page, () => page.click('[data-testid=apply-tool]'));

    // 3. Grow from a seed clicked in the small ball (100) into segment 3.
    await moveCursorTo(SEED);
    await edits(page, () => page.click('[data-testid=add-segment]'));
    await chooseTool('grow');
    await setRange(50, 150);
    await page.mouse.click(...(await at('axial', SEED)));
    await expect.poll(() => page.textContent('[data-testid=seed-count]')).toBe('1 seed');
    await edits(page, () => page.click('[data-testid=apply-tool]'));

    // 4. Threshold the balls (100–104) into empty voxels as segment 4, then remove its islands under 10 voxels.
    await edits(page, () => page.click('[data-testid=add-segment]'));
    await chooseTool('threshold');
    await setRange(100, 104);
    await page.selectOption('[data-tool=threshold] [data-testid=param-overwrite]', 'empty');
    await edits(page, () => page.click('[data-testid=apply-tool]'));
    await chooseTool('islands');
    await page.selectOption('[data-testid=param-mode]', 'removeSmall');
    await page.fill('[data-testid=param-minVoxels]', '10');
    await edits(page, () => page.click('[data-testid=apply-tool]'));

    // The dab's centre as the log recorded it: where the click landed, within a pixel of the dab voxel.
    const paint = (await contract.call('segment.log', { volumeId })).find((entry) => entry.action === 'paint')!;
    dabWorld = (paint.params as { points: Vec3[] }).points[0]!;
    worldOf(grid, DAB).forEach((c, k) => expect(Math.abs(dabWorld[k]! - c)).toBeLessThan(0.3));
    const afterIslands = await readLabels();
    expect(differences(afterIslands, expectedLabels(dabWorld, true))).toEqual([]);

    // 5. Undo twice (button, then Ctrl+Z), redo once (Ctrl+Y): the islands come back.
    await edits(page, () => page.click('[data-testid=undo]'));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await edits(page, () => page.keyboard.press('Control+z'));
    await edits(page, () => page.keyboard.press('Control+y'));
    const final = await readLabels();
    expect(differences(final, expectedLabels(dabWorld, false))).toEqual([]);
  });

  test('the overlay shows the segments in their colours over the slices', async () => {
    await moveCursorTo(DAB);
    await page.keyboard.press('c');
    await settled(page);
    const png = await shot('segment-layout');
    await page.locator('[data-view=axial]').screenshot({ path: join(RESULTS, 'segment-axial.png') });
    const colours = await page.evaluate(() =>
      [...document.querySelectorAll('[data-segment] input[type=color]')].map((input) => (input as HTMLInputElement).value),
    );
    const rgb = (hex: string) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    const pixel = ([x, y]: [number, number]) => {
      const p = 4 * (Math.round(y) * png.width + Math.round(x));
      return [png.data[p]!, png.data[p + 1]!, png.data[p + 2]!];
    };
    // Over black background at 50 % opacity a segment shows as half its colour; the box wall (300) under segment 2 blends with its grey.
    const dab = pixel(await at('axial', [DAB[0] + 1, DAB[1], DAB[2]]));
    rgb(colours[0]!).forEach((c, k) => expect(Math.abs(dab[k]! - c / 2)).toBeLessThan(12));
    const empty = pixel(await at('axial', [DAB[0] + 8, DAB[1] - 8, DAB[2]]));
    expect(Math.max(...empty)).toBeLessThan(10);

    // Outline mode (O): the box wall's face keeps its edge and loses its inside.
    await page.keyboard.press('o');
    await settled(page);
    const outlined = await shot('segment-outline');
    const grey = (png: PNG, [x, y]: [number, number]) => {
      const p = 4 * (Math.round(y) * png.width + Math.round(x));
      return [png.data[p]!, png.data[p + 1]!, png.data[p + 2]!];
    };
    const wallColour = rgb(colours[1]!);
    const inside = grey(outlined, await at('axial', [37, 29, DAB[2]]));
    const edge = grey(outlined, await at('axial', [30, 29, DAB[2]]));
    const filled = grey(png, await at('axial', [37, 29, DAB[2]]));
    // Filled: white (300 at W 300 L 150) half-blended with the colour; outlined inside: plain white; the edge keeps the blend.
    wallColour.forEach((c, k) => {
      expect(Math.abs(filled[k]! - (255 + c) / 2)).toBeLessThan(12);
      expect(inside[k]).toBeGreaterThan(245);
      expect(Math.abs(edge[k]! - (255 + c) / 2)).toBeLessThan(12);
    });
  });

  test('the eraser (E) clears the dab and nothing else', async () => {
    await page.keyboard.press('o'); // back to filled
    await page.click('[data-segment="1"] td.name');
    await page.keyboard.press('e');
    await page.fill('[data-testid=param-radiusMm]', String(DAB_MM + 1.5));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const dabAt = await at('axial', DAB);
    await edits(page, () => page.mouse.click(...dabAt));
    const want = expectedLabels(dabWorld, false).map((value) => (value === 1 ? 0 : value));
    expect(differences(await readLabels(), want)).toEqual([]);
    await shot('segment-erased');

    // The statistics table counts the same voxels.
    await page.click('[data-testid=measure-segments]');
    await page.waitForSelector('[data-testid=segment-statistics]');
    await page.locator('[data-testid=segments-panel]').screenshot({ path: join(RESULTS, 'segment-panel.png') });
    const counted = await page.locator('[data-testid=segment-statistics] tbody tr td[data-voxels]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-voxels')));
    expect(counted.map(Number)).toEqual([1, 2, 3, 4].map((value) => want.filter((label) => label === value).length));
  });
});
