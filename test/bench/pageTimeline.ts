// The page's own account of an open, by phase: the marks and measures of renderer/state/timeline.ts (recorded with
// `?timeline` in the address) and the resource timings of its data fetches, in ms since the page's navigation.
import type { Page } from 'playwright-core';

/** The page's address with its timeline recorded. */
export const withTimeline = (url: string): string => `${url}${url.includes('?') ? '&' : '?'}timeline`;

/** Tasks over 50 ms on the page's thread join its timeline as measures 'long task' (call before the page loads). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() =>
    new PerformanceObserver((list) => {
      for (const { startTime, duration } of list.getEntries()) performance.measure('long task', { start: startTime, duration });
    }).observe({ type: 'longtask', buffered: true }),
  );
}

/**
 * Times, by the page's own clock, when its views first showed what each of `shown` describes (a selector and how many
 * elements must match): the frame after the task that changed the views (their data-resolution and data-stand-in
 * change in the commit that draws a 2D slice; a WebGL draw comes in the task after it). Playwright's polling of a page
 * busy with its next work (the views' WebGL start) sees the same later. Call before the page loads; read with shownAt.
 */
export async function recordShown(page: Page, shown: Record<string, [selector: string, count: number]>): Promise<void> {
  await page.addInitScript(`(() => {
    const shown = (window.voxbenchShown = {});
    const tests = ${JSON.stringify(shown)};
    const check = () => {
      for (const [name, [selector, count]] of Object.entries(tests)) {
        if (name in shown || document.querySelectorAll(selector).length < count) continue;
        shown[name] = undefined;
        setTimeout(() => requestAnimationFrame(() => (shown[name] = performance.now())));
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-resolution', 'data-stand-in'] });
  })()`);
}

/** Seconds from `since` (ms since the epoch) to when the page showed `name` (recordShown's), waiting for it. */
export async function shownAt(page: Page, name: string, since: number): Promise<number> {
  await page.waitForFunction((key) => typeof (window as unknown as { voxbenchShown: Record<string, number> }).voxbenchShown[key] === 'number', name, { timeout: 600_000, polling: 50 });
  const [origin, at] = await page.evaluate((key) => [performance.timeOrigin, (window as unknown as { voxbenchShown: Record<string, number> }).voxbenchShown[key]!], name);
  return (origin + at - since) / 1000;
}

export interface Phase {
  name: string;
  start: number;
  end: number;
}

/** Every phase of the page that started at or after `since` (ms on the page's clock), in the order they started. */
export async function readTimeline(page: Page, since = 0): Promise<Phase[]> {
  const phases = await page.evaluate(() => [
    ...performance.getEntriesByType('mark').map(({ name, startTime }) => ({ name, start: startTime, end: startTime })),
    ...performance.getEntriesByType('measure').map(({ name, startTime, duration }) => ({ name, start: startTime, end: startTime + duration })),
    // The bulk fetches as the network saw them: the route's path, when its first byte came and its last.
    ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter(({ name }) => name.includes('/data/'))
      .map(({ name, startTime, responseStart, responseEnd }) => ({ name: `GET ${new URL(name).pathname.replace(/^\/data\//, '')} (first byte +${Math.round(responseStart - startTime)} ms)`, start: startTime, end: responseEnd })),
  ]);
  return phases.filter(({ start }) => start >= since).sort((a, b) => a.start - b.start);
}

/** The phases as lines `start–end ms  name`, draws of a view folded into one line per run of them. */
export function formatTimeline(phases: Phase[]): string {
  const lines: string[] = [];
  let run: { name: string; start: number; end: number; count: number; busy: number } | undefined;
  const flush = () => {
    if (run) lines.push(`${fmt(run.start)}–${fmt(run.end)}  ${run.name}${run.count > 1 ? ` ×${run.count} (${Math.round(run.busy)} ms drawing)` : ` (${Math.round(run.end - run.start)} ms)`}`);
    run = undefined;
  };
  for (const phase of phases) {
    if (phase.name.endsWith(': draw') && run?.name === phase.name) {
      run.end = phase.end;
      run.count++;
      run.busy += phase.end - phase.start;
      continue;
    }
    flush();
    if (phase.name.endsWith(': draw')) run = { ...phase, count: 1, busy: phase.end - phase.start };
    else if (phase.end > phase.start) lines.push(`${fmt(phase.start)}–${fmt(phase.end)}  ${phase.name} (${Math.round(phase.end - phase.start)} ms)`);
    else lines.push(`${fmt(phase.start)}        ${phase.name}`);
  }
  flush();
  return lines.join('\n');
}

const fmt = (ms: number) => String(Math.round(ms)).padStart(6);
