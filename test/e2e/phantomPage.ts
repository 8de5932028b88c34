// The usual start of a viewer e2e file, apart from harness.ts so the benchmarks can use the harness without vitest.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openSession, settled, type Session } from './harness';

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
