// The host's part of a first open from a cold page cache, without a page, against h5py reading the same three centre
// slices (tomogram.py centre; its open not counted), the page cache emptied before each side (needs root). Ours: a
// bundled reader thread, h5wasm loaded as the app's spare is, opens the file as the app opens a large volume (the z
// centre slice read for the first window: the open's reply), then the y and x centre slices as the views ask for them.
// Usage (after node build/build.mjs): node --import tsx test/bench/coldOpen.ts FILE.h5 [ROUNDS] [READER.js] → one line a
// round; READER.js: another build's dist/electron/readerWorker.js (the code before, e.g. /work/main's) taking turns with ours.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Vec3 } from '../../electron/common/contract';
import type { ReaderCalls } from '../../electron/services/volume/readerWorker';
import { WorkerClient } from '../../electron/workers/client';

const bundled = new URL('../../dist/electron/readerWorker.js', import.meta.url);
const emptyPageCache = () => {
  execFileSync('sync');
  writeFileSync('/proc/sys/vm/drop_caches', '3');
};

/** Milliseconds from the open's request to its reply, and to each of the y and x centre slices. */
async function hostSide(path: string, reader: URL): Promise<{ open: number; y: number; x: number }> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'voxbench-cold-open-'));
  const thread = new WorkerClient<ReaderCalls>(reader, { name: 'The bench reader', cancel: 'message' });
  try {
    await thread.request('warm', null);
    emptyPageCache();
    const start = performance.now();
    const { meta } = await thread.request('open', { path, options: {}, pyramids: { cacheDir, largeBytes: 0 } });
    const open = performance.now() - start;
    const centre = (axis: number) => {
      const min = [0, 0, 0] as Vec3;
      const max = [...meta.dims] as Vec3;
      min[axis] = Math.floor(meta.dims[axis]! / 2);
      max[axis] = min[axis] + 1;
      return thread.request('region', { box: { min, max } }).then(() => performance.now() - start);
    };
    const [y, x] = await Promise.all([centre(1), centre(0)]);
    return { open, y, x };
  } finally {
    await thread.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function h5py(path: string): number {
  emptyPageCache();
  return 1000 * Number(execFileSync('/usr/bin/python3', ['test/bench/tomogram.py', 'centre', path], { encoding: 'utf8' }));
}

const [path, rounds = '3', before] = process.argv.slice(2);
const sides: [string, URL][] = [['ours', bundled], ...(before ? [['before', pathToFileURL(before)] as [string, URL]] : [])];
for (let round = 0; round < Number(rounds); round++) {
  for (const [name, reader] of sides) {
    const { open, y, x } = await hostSide(path!, reader);
    console.log(`${name}: open (z slice) ${open.toFixed(0)} ms, y ${y.toFixed(0)} ms, x ${x.toFixed(0)} ms`);
  }
  console.log(`h5py: ${h5py(path!).toFixed(0)} ms`);
}
