// Our side of the tomogram rows (tomogram.ts), one operation per process so its peak memory is its own (the reader
// and decoder workers are threads of it). The workers are the bundled ones (dist/electron, `node build/build.mjs`),
// as users run them: from source each thread compiles its modules with tsx, which costs seconds and a GiB.
// Usage: tsx test/bench/tomogramOurs.ts slices|pyramid PATH → JSON.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vec3 } from '../../electron/common/contract';
import type { ReaderCalls } from '../../electron/services/volume/readerWorker';
import { WorkerClient } from '../../electron/workers/client';

const bundled = new URL('../../dist/electron/readerWorker.js', import.meta.url);
if (!existsSync(bundled)) throw new Error(`${bundled.pathname} is missing: run node build/build.mjs first.`);
const reader = () => new WorkerClient<ReaderCalls>(bundled, { name: 'The bench reader', cancel: 'message' });
const seconds = (start: number) => (performance.now() - start) / 1000;
const cacheDir = mkdtempSync(join(tmpdir(), 'voxbench-tomogram-'));

/** As the slice views read them, through a volume reader worker opened as the app opens a large volume: cold is the
 * first read of a slice a quarter in (the open reads the three centre slices, which cross it in two rows of chunks);
 * warm is the next slice, once the chunks the cold read cut are kept. */
async function slices(path: string) {
  const thread = reader();
  const { meta } = await thread.request('open', { path, options: {}, pyramids: { cacheDir, largeBytes: 0 } });
  const { dims } = meta;
  const timed = async (axis: number, index: number) => {
    const start = performance.now();
    await thread.request('region', { box: { min: dims.map((_, a) => (a === axis ? index : 0)) as Vec3, max: dims.map((n, a) => (a === axis ? index + 1 : n)) as Vec3 } });
    return seconds(start);
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (const axis of [0, 1, 2]) {
    const index = dims[axis]! >> 2;
    cold.push(await timed(axis, index));
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the chunks it cut are decoded into the cache meanwhile
    warm.push(await timed(axis, index + 1));
  }
  await thread.close();
  return { cold, warm };
}

/** The build as PyramidBuilds runs it: one builder thread, its decoder threads on bands of chunk rows. */
async function pyramid(path: string) {
  const thread = reader();
  await thread.ready;
  const start = performance.now();
  await thread.request('pyramid', { path, options: {}, cacheDir });
  const built = seconds(start);
  await thread.close();
  return { seconds: built };
}

const [operation, path] = process.argv.slice(2);
const result = operation === 'slices' ? await slices(path!) : await pyramid(path!);
rmSync(cacheDir, { recursive: true, force: true });
console.log(JSON.stringify({ ...result, peakMb: process.resourceUsage().maxRSS / 1024 }));
