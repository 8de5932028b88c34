// The usual start of a viewer e2e file, apart from harness.ts so the benchmarks can use the harness without vitest.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { defaultPhantomGrid as phantomGrid } from '../../build/phantom/phantom';
import { openSession, settled, type Session } from './harness';
import { screenOf, worldOf, type Grid, type Orientation } from './screen';

/** Opens the app on the embedded phantom before a file's tests, hands its page (and session) to `use`, and closes it after. */
export function onPhantom(use: (page: Page, session: Session) => unknown, serveArgs: string[] = []): void {
  let session: Session | undefined;
  beforeAll(async () => {
    session = await openSession(serveArgs);
    await session.page.goto(session.server.url);
    await session.page.waitForSelector('[data-status=ready]', { timeout: 20_000 });
    await settled(session.page);
    await use(session.page, session);
  });
  afterAll(() => session?.close());
}

/** Where a voxel's centre of a volume on `grid` lands in a slice view, in the view's own pixels. */
export async function inView(page: Page, grid: Grid, view: Orientation, voxel: Vec3): Promise<[number, number]> {
  const box = (await page.locator(`[data-view=${view}]`).boundingBox())!;
  return screenOf(grid, view, box.width, box.height, worldOf(grid, voxel));
}

/** The same place on the page (for the mouse). */
export async function onView(page: Page, grid: Grid, view: Orientation, voxel: Vec3): Promise<[number, number]> {
  const box = (await page.locator(`[data-view=${view}]`).boundingBox())!;
  const [x, y] = await inView(page, grid, view, voxel);
  return [box.x + x, box.y + y];
}

/** Voxel (x, y) of the phantom's axial slice z, in the axial view's own pixels. */
export const inAxialView = (page: Page, [x, y]: [number, number], z: number) => inView(page, phantomGrid, 'axial', [x, y, z]);

/** The same place on the page. */
export const onAxialPage = (page: Page, [x, y]: [number, number], z: number) => onView(page, phantomGrid, 'axial', [x, y, z]);

/** The segmentation's revision as the Segment Editor shows it (it grows with every change). */
export const segmentsRevision = (page: Page) => page.locator('[data-testid=segments-panel]').getAttribute('data-revision').then(Number);

/** Runs a UI action and waits until the segmentation's revision moved past where it was, the stroke's last piece landed and no tool runs. */
export async function edits(page: Page, action: () => Promise<void>): Promise<void> {
  const before = await segmentsRevision(page);
  await action();
  await page.waitForFunction((seen) => Number(document.querySelector('[data-testid=segments-panel]')!.getAttribute('data-revision')) > seen, before, { timeout: 20_000 });
  // A brush stroke changes the labelmap piece by piece: its last piece has landed once the panel no longer says painting.
  await page.waitForSelector('[data-testid=segments-panel]:not([data-painting])');
  await page.waitForSelector('[data-testid=tool-running]', { state: 'detached' });
}
