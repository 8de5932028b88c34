// The usual start of a viewer e2e file, apart from harness.ts so the benchmarks can use the harness without vitest.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { defaultPhantomGrid as grid } from '../../electron/volume/phantom';
import { openSession, settled, type Session } from './harness';
import { screenOf, worldOf } from './screen';

/** Opens the app on the embedded phantom before a file's tests, hands its page (and session) to `use`, and closes it after. */
export function onPhantom(use: (page: Page, session: Session) => unknown): void {
  let session: Session | undefined;
  beforeAll(async () => {
    session = await openSession();
    await session.page.goto(session.server.url);
    await session.page.waitForSelector('[data-status=ready]', { timeout: 20_000 });
    await settled(session.page);
    await use(session.page, session);
  });
  afterAll(() => session?.close());
}

/** Where voxel (x, y) of the phantom's axial slice z lands in the axial view, in the view's own pixels. */
export async function inAxialView(page: Page, [x, y]: [number, number], z: number): Promise<[number, number]> {
  const box = (await page.locator('[data-view=axial]').boundingBox())!;
  return screenOf(grid, 'axial', box.width, box.height, worldOf(grid, [x, y, z]));
}

/** The same place on the page (for the mouse). */
export async function onAxialPage(page: Page, voxel: [number, number], z: number): Promise<[number, number]> {
  const box = (await page.locator('[data-view=axial]').boundingBox())!;
  const [x, y] = await inAxialView(page, voxel, z);
  return [box.x + x, box.y + y];
}
