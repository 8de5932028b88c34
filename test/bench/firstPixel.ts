// Time to first pixels, to full-resolution slices and to the whole volume at full resolution in browser mode, as a user
// gets it: a 512³ int16 volume here, huge HDF5 tomograms by hand (huge.ts first). The real CLI (`serve --open`, pyramid
// over 64 MB so the coarsest level can draw first) and Debian's Chromium
// with the e2e flags. Reference: nibabel reading the same file into numpy (no memory map). Peak memory: the resident sets of
// the web host and every Chromium process together, sampled every 100 ms.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startBrowserMode } from '../e2e/harness';
import { readTimeline, recordLongTasks, recordShown, shownAt, withTimeline, type Phase } from './pageTimeline';

const python = '/usr/bin/python3';

export function makeVolume(path: string): void {
  if (existsSync(path)) return;
  const script = `
import sys, numpy as np, nibabel as nib
z, y, x = np.ogrid[-1:1:512j, -1:1:512j, -1:1:512j]
data = (1000 * (x * x + y * y + z * z < 0.8) + 200 * np.sin(12 * x) * np.cos(9 * y)).astype(np.int16)
nib.save(nib.Nifti1Image(np.ascontiguousarray(data.transpose(2, 1, 0)), np.diag([0.5, 0.5, 0.5, 1])), sys.argv[1])`;
  execFileSync(python, ['-c', script, path], { stdio: 'inherit' });
}

function nibabelSeconds(path: string): number {
  const script = `
import sys, time, numpy as np, nibabel as nib
start = time.perf_counter(); data = np.asarray(nib.load(sys.argv[1], mmap=False).dataobj); print(time.perf_counter() - start)`;
  return Number(execFileSync(python, ['-c', script, path], { encoding: 'utf8' }).trim());
}

/** Resident memory (MB) of this process's descendants: the web host and Chromium with all its processes. */
function descendantsMb(root = process.pid): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (pid: number): boolean => parents.get(pid) === root || (parents.has(pid) && pid > 1 && inTree(parents.get(pid)!));
  let kb = 0;
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended
    }
  }
  return kb / 1024;
}

export interface OpenTimes {
  /** Seconds from loading the page to the first image pixels in the axial view (any level or its full slice; not the
   * zeros standing in for a level on its way), to the frame that shows them by the page's clock (recordShown). */
  first: number;
  /** … to full-resolution slices in all three views. */
  slices: number;
  /** … to the whole volume at full resolution, 3D view too (only when asked: a huge volume's pyramid takes minutes). */
  whole?: number;
  peakMb: number;
  /** The page's phases (pageTimeline.ts) until the last time taken. */
  phases: Phase[];
}

/** Opens `path` in browser mode on first open (a fresh cache folder, so no pyramid yet) and times what the user sees. */
export async function timeOpen(path: string, serveArgs: string[], { whole }: { whole: boolean }): Promise<OpenTimes> {
  const cache = (process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'voxbench-bench-cache-'))); // the pyramid is built here, in the open
  const server = await startBrowserMode(['--open', path, ...serveArgs]);
  const browser = await launchChromium();
  let peakMb = 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, descendantsMb())), 100);
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await recordLongTasks(page);
    await recordShown(page, { first: ['[data-view=axial][data-resolution]:not([data-stand-in])', 1], slices: ['.slice-view[data-resolution=full]', 3] });
    const since = performance.timeOrigin + performance.now();
    const started = performance.now();
    await page.goto(withTimeline(server.url));
    const first = await shownAt(page, 'first', since);
    const slices = await shownAt(page, 'slices', since);
    if (!whole) return { first, slices, peakMb, phases: await readTimeline(page) };
    await page.waitForFunction(() => !document.querySelector('[data-testid=volume-level]') && document.querySelector('[data-testid=loading-indicator]')?.getAttribute('data-busy') === 'false', undefined, { timeout: 600_000, polling: 50 });
    return { first, slices, whole: (performance.now() - started) / 1000, peakMb, phases: await readTimeline(page) };
  } finally {
    clearInterval(sampler);
    await browser.close();
    server.stop();
    if (server.process.exitCode === null) await once(server.process, 'exit');
    rmSync(cache, { recursive: true, force: true }); // a 4 GiB volume's partial pyramid: gigabytes after a few runs
  }
}

export async function firstPixelRows(dataDir: string) {
  const path = join(dataDir, 'volume-512.nii');
  makeVolume(path);
  const times = await timeOpen(path, ['--pyramid-above', '64'], { whole: true });
  const reference = nibabelSeconds(path);
  const row = (name: string, seconds: number) => ({ name, ours_s: seconds, reference: 'nibabel load', reference_s: reference, ratio: reference / seconds, ours_peak_mb: Math.round(times.peakMb) });
  return [
    row('512³ int16 in browser mode: first image pixels (coarsest level or full-resolution slices)', times.first),
    row('512³ int16 in browser mode: full-resolution slices in all three views', times.slices),
    row('512³ int16 in browser mode: whole volume at full resolution (3D too)', times.whole!),
  ];
}
