// The brush paints while the user drags, as in 3D Slicer and ITK-SNAP: with the button still down the painted
// voxels are in the labelmap (read over the contract) and on screen in the segment's colour; after mouse-up the
// log holds one paint entry for the stroke and one Ctrl+Z takes all of it away.
// Pixels are read from screenshots; where they must land comes from test/e2e/screen.ts, not from the app.
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, expect, test } from 'vitest';
import { defaultPhantomGrid as grid } from '../../build/phantom/phantom';
import { connectContract, type ContractSocket } from './contractSocket';
import { settled, shoot, type Session } from './harness';
import { inAxialView, onAxialPage, onPhantom, segmentsRevision } from './phantomPage';

let page: Page;
let session: Session;
let contract: ContractSocket;
onPhantom(async (opened, started) => {
  [page, session] = [opened, started];
  contract = await connectContract(session.server.url);
});
afterAll(() => contract?.close());

const AXIAL = '[data-view=axial]';
/** In the black corner outside the phantom's skull, on the axial slice through the crosshair. */
const FROM: [number, number] = [8, 12];
const MID: [number, number] = [20, 12];
const TO: [number, number] = [30, 12];

const panelRevision = () => segmentsRevision(page);

async function labelmap(volumeId: string): Promise<Uint8Array> {
  const url = new URL(session.server.url);
  const response = await fetch(`${url.origin}/data/segment/${volumeId}/labels?token=${url.searchParams.get('token')}`);
  expect(response.ok).toBe(true);
  return new Uint8Array(await response.arrayBuffer());
}

const rgbAt = (png: PNG, [x, y]: [number, number]) => {
  const at = 4 * (Math.round(y) * png.width + Math.round(x));
  return [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!];
};

const shot = async (name: string) => {
  await settled(page);
  await shoot(page, AXIAL, name);
  return PNG.sync.read(await page.locator(AXIAL).screenshot());
};

test('a brush stroke paints while the button is down; one log entry, one Ctrl+Z takes it all away', { timeout: 60_000 }, async () => {
  const [volume] = await contract.call('volume.list', {});
  const volumeId = volume!.id;
  await page.click('[data-testid=add-segment]');
  await page.waitForSelector('[data-segment] input[type=color]');
  const hex = await page.inputValue('[data-segment] input[type=color]');
  const colour = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  // Labels fully opaque, the preview of what is not painted yet half: painted voxels show in the full colour.
  await page.locator('.segments-panel input[type=range]').fill('1');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('b');
  const z = Number(/Axial (\d+)\//.exec((await page.textContent(`${AXIAL} [data-testid=view-label]`))!)![1]) - 1;
  const before = await labelmap(volumeId);
  const entries = (await contract.call('segment.log', { volumeId })).length;
  const start = await panelRevision();

  await page.mouse.move(...(await onAxialPage(page, FROM, z)));
  const pressed = Date.now();
  await page.mouse.down();
  await page.waitForFunction(([view, seen]) => Number((document.querySelector(`${view} [data-testid=label-layer]`) as HTMLElement).dataset.revision) > seen, [AXIAL, start] as const);
  const firstOnScreen = Date.now() - pressed;
  await page.mouse.move(...(await onAxialPage(page, MID, z)), { steps: 12 });
  const stopped = Date.now();
  // The last move is painted once the labelmap holds its voxel and the view shows the revision the panel knows
  // (the pieces may all have landed during the move already).
  const [width, height] = grid.dims;
  await expect.poll(async () => (await labelmap(volumeId))[MID[0] + width * (MID[1] + height * z)], { timeout: 15_000 }).toBe(1);
  await page.waitForFunction(
    ([view]) => {
      const layer = Number((document.querySelector(`${view} [data-testid=label-layer]`) as HTMLElement).dataset.revision);
      return layer >= Number((document.querySelector('[data-testid=segments-panel]') as HTMLElement).dataset.revision);
    },
    [AXIAL] as const,
  );
  const lastOnScreen = Date.now() - stopped;

  // Button still down: the labelmap holds the stroke so far, and the view shows it in the segment's colour.
  const during = await labelmap(volumeId);
  expect(during.filter((v) => v === 1).length).toBeGreaterThan(20);
  const painting = await shot('livebrush-during');
  for (const x of [9, 14]) {
    const rgb = rgbAt(painting, await inAxialView(page, [x, 12], z));
    colour.forEach((c, k) => expect(Math.abs(rgb[k]! - c), `x ${x}: ${rgb} for ${colour}`).toBeLessThan(12));
  }
  const piecesWhileDown = (await panelRevision()) - start;

  // The pace while moving: pieces answered during a 30-step move (each step one pointer event).
  const [moving, revisionAtMove] = [Date.now(), await panelRevision()];
  await page.mouse.move(...(await onAxialPage(page, TO, z)), { steps: 30 });
  const [dragSeconds, piecesMoving] = [(Date.now() - moving) / 1000, (await panelRevision()) - revisionAtMove];
  expect(await page.getAttribute('[data-testid=segments-panel]', 'data-painting')).toBe('1');
  await page.mouse.up();
  await page.waitForSelector('[data-testid=segments-panel]:not([data-painting])');
  expect(await contract.call('segment.log', { volumeId })).toHaveLength(entries + 1);
  const pieces = (await panelRevision()) - start;
  const log = await contract.call('segment.log', { volumeId });
  expect(log.at(-1)).toMatchObject({ action: 'paint', segment: 1, params: { tool: 'paint', shape: 'disc', axis: 2, space: 'world' } });
  expect(pieces).toBeGreaterThan(2);
  const painted = await labelmap(volumeId);
  expect(painted.filter((v) => v === 1).length).toBeGreaterThan(during.filter((v) => v === 1).length);
  console.log(
    `live brush: ${pieces} pieces in all (${piecesWhileDown} before the screenshot); ${piecesMoving} pieces during a 30-step move of ${dragSeconds.toFixed(2)} s ` +
      `= ${(piecesMoving / dragSeconds).toFixed(1)} pieces/s, ${((1000 * dragSeconds) / 30).toFixed(0)} ms per pointer event; ` +
      `press to pixels ${firstOnScreen} ms, last move to pixels ${lastOnScreen} ms`,
  );

  await page.mouse.move(600, 10);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Buffer.compare(await labelmap(volumeId), before)).toBe(0);
  expect((await contract.call('segment.info', { volumeId })).redoLabel).toBe('paint');
  await page.waitForFunction(([view]) => {
    const layer = document.querySelector(`${view} [data-testid=label-layer]`) as HTMLElement;
    return Number(layer.dataset.revision) >= Number((document.querySelector('[data-testid=segments-panel]') as HTMLElement).dataset.revision);
  }, [AXIAL] as const);
  const undone = await shot('livebrush-undone');
  for (const x of [9, 14, 20, 28]) expect(Math.max(...rgbAt(undone, await inAxialView(page, [x, 12], z))), `x ${x}`).toBeLessThan(12);

  // Ctrl+Z at once after mouse-up, while pieces may still be on their way, waits for them and takes the whole stroke.
  await page.mouse.move(...(await onAxialPage(page, FROM, z)));
  await page.mouse.down();
  await page.mouse.move(...(await onAxialPage(page, TO, z)), { steps: 15 });
  await page.mouse.up();
  await page.keyboard.press('Control+z');
  await page.waitForSelector('[data-testid=segments-panel]:not([data-painting])');
  await expect.poll(async () => (await contract.call('segment.info', { volumeId })).canRedo).toBe(true);
  expect(Buffer.compare(await labelmap(volumeId), before)).toBe(0);
  expect(await contract.call('segment.log', { volumeId })).toHaveLength(entries);
});
