// Tomogram rows of `npm run bench`: a 0.5 GiB uint16 cube with 64³ chunks, gzip and bitshuffle-LZ4, against h5py on
// the same file in the same run: the whole read, a slice along each axis cold and warm, the pyramid build against
// h5py's sequential read. huge.ts makes the same rows by hand for 4-16 GiB files (without the whole read).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './row';

const python = '/usr/bin/python3';
const GIB = 0.5;
const json = (command: string, args: string[]) => JSON.parse(execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').at(-1)!);
const ours = (script: string, ...args: string[]) => json(process.execPath, ['--import', 'tsx', `test/bench/${script}`, ...args]);

export type Codec = 'gzip' | 'bitshuffle-lz4';

/** Writes the cube with h5py; returns its side. */
export function makeTomogram(path: string, gib: number, codec: Codec): number {
  return Number(execFileSync(python, ['test/bench/tomogram.py', 'make', path, String(gib), codec], { encoding: 'utf8' }).trim());
}

/** The rows of one file, named `label`; the whole read (ours and h5py's into one array) only where it fits in memory. */
export function tomogramFileRows(path: string, label: string, { whole }: { whole: boolean }): BenchRow[] {
  const h5py = json(python, ['test/bench/tomogram.py', whole ? 'time' : 'time-slabs', path]) as { whole?: number; sequential: number; cold: number[]; warm: number[]; tool: string };
  const row = (name: string, ours_s: number, reference_s: number, peakMb: number, reference = h5py.tool): BenchRow => ({
    name: `${label}: ${name}`,
    ours_s,
    reference,
    reference_s,
    ratio: reference_s / ours_s,
    ours_peak_mb: Math.round(peakMb),
  });
  const rows: BenchRow[] = [];
  if (whole) {
    const read = ours('ours.ts', 'read-hdf5', path) as { seconds: number; peakMb: number };
    rows.push(row('whole read', read.seconds, h5py.whole!, read.peakMb));
  }
  const slices = ours('tomogramOurs.ts', 'slices', path) as { cold: number[]; warm: number[]; peakMb: number };
  ['x', 'y', 'z'].forEach((axis, i) => {
    rows.push(row(`${axis} slice, cold`, slices.cold[i]!, h5py.cold[i]!, slices.peakMb));
    rows.push(row(`${axis} slice, warm (the next one)`, slices.warm[i]!, h5py.warm[i]!, slices.peakMb));
  });
  const pyramid = ours('tomogramOurs.ts', 'pyramid', path) as { seconds: number; peakMb: number };
  rows.push(row('pyramid build', pyramid.seconds, h5py.sequential, pyramid.peakMb, `${h5py.tool} sequential read`));
  return rows;
}

export function tomogramRows(dataDir: string): BenchRow[] {
  return (['gzip', 'bitshuffle-lz4'] as const).flatMap((codec) => {
    const path = join(dataDir, `tomogram-${GIB}gib-${codec}.h5`);
    if (!existsSync(path)) makeTomogram(path, GIB, codec);
    return tomogramFileRows(path, `tomogram ${GIB} GiB uint16 ${codec}`, { whole: true });
  });
}
