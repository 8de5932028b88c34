// First open of a 4 GiB tomogram in browser mode (the bar: the first full-resolution slice within 2 s, and the
// three views against h5py reading the same three centre slices at ≥ 0.8): the rows of `npm run bench`, and of
// `huge.ts first` for any file by hand. The page cache is emptied before each side where this process may (root), so
// both read from the disk; the row says which.
import { execFileSync } from 'node:child_process';
import { existsSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeOpen } from './firstPixel';
import type { BenchRow } from './row';
import { makeTomogram, type Codec } from './tomogram';

const GIB = 4;
/** Free space a missing file needs: the file (≤ 3 GiB on disk) and the part of its pyramid built before the page closes. */
const SPACE_NEEDED = 8 * 2 ** 30;

/** Whether this process may empty the page cache. */
const mayDropCaches = (): boolean => {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
};

export async function firstOpenRows(path: string, label: string, cold: boolean): Promise<BenchRow[]> {
  if (cold) mayDropCaches();
  const times = await timeOpen(path, [], { whole: false });
  if (cold) mayDropCaches();
  const h5py = Number(execFileSync('/usr/bin/python3', ['test/bench/tomogram.py', 'centre', path], { encoding: 'utf8' }).trim());
  const cache = cold ? 'page cache emptied' : 'page cache warm';
  const row = (name: string, seconds: number): BenchRow => ({ name: `${label}: ${name} (${cache})`, ours_s: seconds, reference: 'h5py: the three centre slices', reference_s: h5py, ratio: h5py / seconds, ours_peak_mb: Math.round(times.peakMb) });
  return [row('browser mode, first open: first pixels', times.first), row('browser mode, first open: full-resolution slices in all three views', times.slices)];
}

/** The rows of a 4 GiB cube in each codec, written once into `dataDir` and kept there for the next runs. */
export async function hugeFirstOpenRows(dataDir: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cold = mayDropCaches();
  for (const codec of ['bitshuffle-lz4', 'gzip'] as Codec[]) {
    const path = join(dataDir, `tomogram-${GIB}gib-${codec}.h5`);
    const { bavail, bsize } = statfsSync(dataDir);
    if (!existsSync(path) && bavail * bsize < SPACE_NEEDED) {
      console.log(`first open of a ${GIB} GiB ${codec} file: skipped, ${(bavail * bsize / 2 ** 30).toFixed(1)} GiB free in ${dataDir} (it needs ${SPACE_NEEDED / 2 ** 30})`);
      continue;
    }
    if (!existsSync(path)) makeTomogram(path, GIB, codec);
    rows.push(...(await firstOpenRows(path, `first open of a ${GIB} GiB uint16 ${codec} file (${(statSync(path).size / 2 ** 30).toFixed(1)} GiB on disk)`, cold)));
  }
  return rows;
}
