// The window shows one page, ours, for its whole life: every way web content could take it elsewhere is refused.
// Written against the few WebContents members it uses, so a test can check it without Electron.

/** Navigations (link, form, location, any frame), server redirects and <webview> attaches. */
export const refusedEvents = ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'] as const;

export interface GuardedContents {
  on(event: (typeof refusedEvents)[number], listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

export function refuseNavigation(contents: GuardedContents): void {
  for (const name of refusedEvents) contents.on(name, (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
