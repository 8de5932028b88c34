// Our side of `npm run bench`, one benchmark per process so its peak memory is its own.
// Usage: tsx test/bench/ours.ts NAME PATH → {"seconds": best of 3, "peakMb": …}
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openScan } from '../../electron/services/io/registry';
import { readRegion, type VolumeSource } from '../../electron/services/volume/model';
import { readWholeVolume } from '../../electron/services/segment/wholeVolume';
import type { ReaderCalls } from '../../electron/services/volume/readerWorker';
import { WorkerClient } from '../../electron/workers/client';

/** The whole volume into one array, as the reference tools return it. */
async function readWholeScan(path: string): Promise<void> {
  await readWhole(await openScan(path));
}

const bundledReader = new URL('../../dist/electron/readerWorker.js', import.meta.url);

/**
 * As the app opens a volume under the pyramid size, in a bundled reader thread as users run it (from source each thread
 * compiles its modules with tsx, seconds on this machine): the open (which reads every slice for the value range), then
 * every slab as the renderer fetches them. The thread's start is not timed: the app keeps a warmed spare.
 */
async function openWhole(path: string): Promise<number> {
  if (!existsSync(bundledReader)) throw new Error(`${bundledReader.pathname} is missing: run node build/build.mjs first.`);
  const thread = new WorkerClient<ReaderCalls>(bundledReader, { name: 'The bench reader', cancel: 'message' });
  await thread.request('warm', null);
  const start = performance.now();
  const { meta, chunks } = await thread.request('open', { path, options: {}, pyramids: { cacheDir: join(tmpdir(), 'voxbench-bench-pyramids'), largeBytes: 512 << 20 } });
  await readWhole({ meta, chunks, readSlab: (z0, count) => thread.request('read', { z0, count }), close: () => thread.close() });
  return (performance.now() - start) / 1000;
}

/** As the segment tools read a volume: into one array, each slab in its place where the reader fills it. */
async function readWhole(source: VolumeSource): Promise<void> {
  await readWholeVolume(source, false);
  await source.close();
}

/** The plane x = 128, across every chunk of the volume. */
async function sagittalSlice(path: string): Promise<void> {
  const source = await openScan(path);
  const [, ny, nz] = source.meta.dims;
  await readRegion(source, { min: [128, 0, 0], max: [129, ny, nz] });
  await source.close();
}

/** Each resolves when done, or with the seconds it timed itself (what it set up first left out). */
export const operations: Record<string, (path: string) => Promise<number | void>> = {
  'read-nifti': readWholeScan,
  'read-hdf5': readWholeScan,
  'read-dicom': readWholeScan,
  'read-dicom-j2k': openWhole,
  'read-tiff': openWhole,
  'read-one-thread': readWholeScan,
  'slice-x': sagittalSlice,
};

const [name, path] = process.argv.slice(2);
const operation = operations[name!]!;
let best = Infinity;
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  const timed = await operation(path!);
  best = Math.min(best, timed ?? (performance.now() - start) / 1000);
}
console.log(JSON.stringify({ seconds: best, peakMb: process.resourceUsage().maxRSS / 1024 }));
