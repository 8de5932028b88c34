// What the page does while a volume opens, as performance marks (WebGL contexts, level fetches, each view's full
// slice asked, arrived and drawn, the 3D upload), for the benches to time the page by phase. Recorded only with
// `?timeline` in the page's address, so a long session gathers none.
const recording = new URLSearchParams(globalThis.location?.search).has('timeline');

/** Marks that `what` happened now. */
export function mark(what: string): void {
  if (recording) performance.mark(what);
}

/** Marks `what` at the first frame after the tasks queued now (a view's draw, scheduled): when it can be on screen. */
export function markNextFrame(what: string): void {
  if (recording) setTimeout(() => requestAnimationFrame(() => performance.mark(what)));
}

/** Marks that `what` started now; the returned function marks its end, as a measure of how long it took. */
export function span(what: string): () => void {
  if (!recording) return () => undefined;
  const start = performance.now();
  return () => void performance.measure(what, { start, end: performance.now() });
}
