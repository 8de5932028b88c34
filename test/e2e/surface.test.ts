// A sphere segment painted through the contract appears in SurfaceView where its world position and the
// 3D camera put it: the disc's centre and radius on the canvas, within a few pixels. Then STL/glTF export.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultPhantomGrid } from '../../build/phantom/phantom';
import { surfaceCamera, volumeBounds, type Vec3 } from '../../renderer/geometry/surfaceCamera';
import { connectContract, type ContractSocket } from './contractSocket';
import { openSession, RESULTS, settled, type Session } from './harness';
import { PNG } from 'pngjs';

let session: Session;
let page: Page;
let contract: ContractSocket;
/** Lit pixels of the whole sphere, for the later tests to find it whole again. */
let whole = 0;
const rpc: ContractSocket['call'] = (method, params) => contract.call(method, params);

const SPHERE_CENTRE: Vec3 = [35, -25, 30]; // LPS mm: left, anterior, superior of the phantom's centre
const SPHERE_RADIUS = 22;
const COLOUR: [number, number, number] = [230, 60, 200];

beforeAll(async () => {
  session = await openSession();
  page = session.page;
  contract = await connectContract(session.server.url);
});

afterAll(async () => {
  contract?.close();
  await session?.close();
});

/** Where three's perspective camera (vertical fov) puts a world point on a width × height canvas, and a sphere's radius there. */
function projectSphere(width: number, height: number): { centre: [number, number]; radius: number } {
  const camera = surfaceCamera(volumeBounds(defaultPhantomGrid));
  const sub = (a: Vec3, b: Vec3) => a.map((v, i) => v - b[i]!) as Vec3;
  const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const unit = (a: Vec3) => a.map((v) => v / Math.hypot(...a)) as Vec3;
  const forward = unit(sub(camera.target, camera.position));
  const right = unit([forward[1] * camera.up[2] - forward[2] * camera.up[1], forward[2] * camera.up[0] - forward[0] * camera.up[2], forward[0] * camera.up[1] - forward[1] * camera.up[0]]);
  const up = unit([right[1] * forward[2] - right[2] * forward[1], right[2] * forward[0] - right[0] * forward[2], right[0] * forward[1] - right[1] * forward[0]]);
  const tan = Math.tan((camera.fov * Math.PI) / 360);
  const d = sub(SPHERE_CENTRE, camera.position);
  const depth = dot(d, forward);
  const ndc = [dot(d, right) / (depth * tan * (width / height)), dot(d, up) / (depth * tan)];
  const angular = Math.asin(SPHERE_RADIUS / Math.hypot(...d));
  return { centre: [(width / 2) * (1 + ndc[0]!), (height / 2) * (1 - ndc[1]!)], radius: ((height / 2) * Math.tan(angular)) / tan };
}

/** The WebGL frame alone (the view's overlays sit above the canvas on screen), and the pixels the sphere lights. */
async function disc(name: string) {
  const frame = await page.evaluate(() => (document.querySelector('[data-view=surfaces] canvas') as HTMLCanvasElement).toDataURL('image/png'));
  const bytes = Buffer.from(frame.slice(frame.indexOf(',') + 1), 'base64');
  writeFileSync(join(RESULTS, `${name}.png`), bytes);
  const png = PNG.sync.read(bytes);
  // The background is black: every lit pixel is the sphere's.
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  let magenta = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const at = 4 * (y * png.width + x);
      const [r, g, b] = [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!];
      if (Math.max(r, g, b) < 20) continue;
      count++;
      sumX += x + 0.5;
      sumY += y + 0.5;
      if (r > 2 * g && b > 2 * g) magenta++;
    }
  }
  return { png, count, sumX, sumY, magenta };
}

describe('SurfaceView', () => {
  test('a painted sphere segment appears as a disc at its projected place and size', async () => {
    await page.goto(session.server.url);
    await page.waitForSelector('[data-status=ready]', { timeout: 20_000 });
    const [volume] = await rpc('volume.list', {});
    const volumeId = volume!.id;
    const { segments } = await rpc('segment.add', { volumeId, name: 'Sphere', color: COLOUR });
    const value = segments.at(-1)!.value;
    await rpc('segment.apply', { volumeId, operation: { tool: 'paint', segment: value, shape: 'sphere', radiusMm: SPHERE_RADIUS, points: [SPHERE_CENTRE], space: 'world' } });

    await page.click('[data-three-d-mode=surfaces]');
    await page.waitForSelector('[data-view=surfaces][data-status=ready][data-surfaces="1"]', { timeout: 30_000 });
    await settled(page);
    await settled(page);
    await page.screenshot({ path: join(RESULTS, 'surface-layout.png') });
    await page.locator('[data-view=surfaces]').screenshot({ path: join(RESULTS, 'surface-view.png') });
    const { png, count, sumX, sumY, magenta } = await disc('surface-sphere');
    const expected = projectSphere(png.width, png.height);
    const radius = Math.sqrt(count / Math.PI);
    console.log('sphere disc', { centre: [sumX / count, sumY / count], radius, expected, size: [png.width, png.height] });
    whole = count;
    expect(magenta / count).toBeGreaterThan(0.9); // it is the segment's colour, lit
    expect(Math.abs(sumX / count - expected.centre[0])).toBeLessThan(3);
    expect(Math.abs(sumY / count - expected.centre[1])).toBeLessThan(3);
    expect(Math.abs(radius - expected.radius)).toBeLessThan(3);
    // The patient's left is on the screen's right when seen from the front.
    expect(sumX / count).toBeGreaterThan(png.width / 2);
  });

  test("the clipping plane across L–R through the sphere's centre keeps its right half (screen left)", async () => {
    const full = await disc('surface-sphere-whole');
    const { min, max } = volumeBounds(defaultPhantomGrid);
    await page.check('[data-surface-controls] input[type=checkbox] >> nth=1');
    await page.selectOption('[aria-label="Clipping plane axis"]', '0');
    await page.fill('[aria-label="Clipping plane position"]', String((SPHERE_CENTRE[0] - min[0]) / (max[0] - min[0])));
    await expect.poll(async () => (await disc('surface-sphere-clipped')).count / whole, { timeout: 5_000 }).toBeLessThan(0.6);
    await page.locator('[data-view=surfaces]').screenshot({ path: join(RESULTS, 'surface-clipped.png') });
    const half = await disc('surface-sphere-clipped');
    const centreX = projectSphere(half.png.width, half.png.height).centre[0];
    // Inside faces show through the cut (double-sided), so the half disc is a full half; nothing right of the centre line stays.
    expect(Math.abs(half.count / full.count - 0.5)).toBeLessThan(0.05);
    expect(half.sumX / half.count).toBeLessThan(centreX - 10);
    await page.uncheck('[data-surface-controls] input[type=checkbox] >> nth=1');
    await settled(page);
  });

  test('opacity dims the sphere in proportion; hiding the segment removes it', async () => {
    const brightness = async (name: string) => {
      const { png, count } = await disc(name);
      let sum = 0;
      for (let i = 0; i < png.data.length; i += 4) sum += png.data[i]! + png.data[i + 2]!;
      return { sum, count };
    };
    // The whole sphere first (the clip of the test before must be gone from the frame).
    await expect.poll(async () => (await brightness('surface-opacity-1')).count, { timeout: 5_000 }).toBe(whole);
    const opaque = await brightness('surface-opacity-1');
    await page.fill('[aria-label="Opacity of Sphere"]', '0.5');
    // Over a black background, half opacity roughly halves the light that reaches the screen (both faces blend).
    await expect.poll(async () => (await brightness('surface-opacity-0.5')).sum / opaque.sum, { timeout: 5_000 }).toBeLessThan(0.8);
    expect((await brightness('surface-opacity-0.5')).sum / opaque.sum).toBeGreaterThan(0.4);
    await page.fill('[aria-label="Opacity of Sphere"]', '1');
    // Visibility is the segment table's: the box follows once segment.update comes back.
    await page.click('[data-surface-controls] input[type=checkbox] >> nth=0');
    await page.waitForSelector('[data-view=surfaces][data-status=ready][data-surfaces="0"]');
    await settled(page);
    expect((await disc('surface-hidden')).count).toBe(0);
    await page.click('[data-surface-controls] input[type=checkbox] >> nth=0');
    await page.waitForSelector('[data-view=surfaces][data-status=ready][data-surfaces="1"]');
  });

  test('the export buttons download the surfaces as STL and glTF binary', async () => {
    for (const [button, magic] of [
      ['STL', 'Voxbench'],
      ['glTF', 'glTF'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-surface-controls] button:text-is("${button}")`)]);
      const path = join(RESULTS, download.suggestedFilename());
      await download.saveAs(path);
      expect(readFileSync(path).subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
  });
});
