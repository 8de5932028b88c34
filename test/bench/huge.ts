// A large HDF5 tomogram opened the way the app does, by hand (too big for `npm run bench`):
//   node --import tsx test/bench/huge.ts make FILE.h5 GIB gzip|bitshuffle-lz4   (h5py writes a cube of uint16)
//   node --import tsx test/bench/huge.ts run FILE.h5 [CACHE_DIR]
// `run` reports, against h5py on the same file in the same run: the open, the three centre slices cold and
// warm, the pyramid build in MB/s against h5py's sequential read, and the peak RSS (the workers are threads).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VolumeInfo } from '../../electron/common/contract';
import { routes } from '../../electron/common/routes';
import { createHost, noDialogs } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';

const MAKE = `
import sys, h5py, hdf5plugin, numpy as np
path, gib, codec = sys.argv[1], float(sys.argv[2]), sys.argv[3]
n = int(round((gib * 2**30 / 2) ** (1 / 3)))
filters = dict(compression="gzip", compression_opts=1) if codec == "gzip" else dict(**hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
rng = np.random.default_rng(15)
y, x = np.mgrid[0:n, 0:n]
with h5py.File(path, "w") as f:
    d = f.create_dataset("data", (n, n, n), np.uint16, chunks=(64, 64, 64), **filters)
    for z0 in range(0, n, 64):
        z = np.arange(z0, min(n, z0 + 64))[:, None, None]
        ramp = 1000 + 2 * x[None] + y[None] + z  # a smooth phantom plus noise: compresses like a tomogram
        d[z0:z0 + len(z)] = (ramp + rng.integers(0, 256, size=(len(z), n, n))).astype(np.uint16)
print(n)`;

/** h5py's seconds for the three centre slices (a fresh process each, so its own chunk cache is cold) and a sequential read. */
const H5PY = `
import sys, time, h5py
with h5py.File(sys.argv[1], "r") as f:
    d = f["data"]
    nz, ny, nx = d.shape
    t = time.perf_counter(); d[nz // 2]; d[:, ny // 2]; d[:, :, nx // 2]; slices = time.perf_counter() - t
    t = time.perf_counter()
    for z0 in range(0, nz, 64): d[z0:z0 + 64]
    print(slices, time.perf_counter() - t)`;

const seconds = (start: number) => +((performance.now() - start) / 1000).toFixed(2);
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function run(path: string, given?: string) {
  const cacheDir = given ?? mkdtempSync(join(tmpdir(), 'voxbench-huge-'));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir, largeBytes: 64 << 20 } })); // over 64 MiB: the pyramid path, whatever the default
  const start = performance.now();
  const reply = await host.dispatch('volume.open', { path });
  if (!reply.ok) throw new Error(reply.error.message);
  const info = reply.result as VolumeInfo;
  const open = seconds(start);
  const centreSlices = async () => {
    const begun = performance.now();
    for (const axis of [2, 1, 0]) await (await host.serveData(routes.volumeSlice.path({ volumeId: info.id, axis, index: info.dims[axis]! >> 1 }))).arrayBuffer();
    return seconds(begun);
  };
  const slicesCold = await centreSlices(); // while the pyramid builds beside them
  const slicesWarm = await centreSlices();
  await host.services.pyramidBuilds.settled(info.id);
  const pyramid = seconds(start);
  const bytes = info.dims.reduce((a, b) => a * b, 2);
  const [h5pySlices, h5pyRead] = execFileSync('/usr/bin/python3', ['-c', H5PY, path], { encoding: 'utf8' }).trim().split(' ').map(Number) as [number, number];
  await host.close();
  if (!given) rmSync(cacheDir, { recursive: true, force: true }); // a pyramid as big as the scan
  const mb = bytes / 1e6;
  console.log(
    JSON.stringify({
      dims: info.dims,
      gib: +(bytes / 2 ** 30).toFixed(2),
      open_s: open,
      centre_slices_cold_s: slicesCold,
      centre_slices_warm_s: slicesWarm,
      h5py_centre_slices_s: +h5pySlices.toFixed(2),
      slices_ratio: +(h5pySlices / slicesCold).toFixed(2),
      pyramid_s: pyramid,
      pyramid_mb_s: +(mb / pyramid).toFixed(0),
      h5py_sequential_mb_s: +(mb / h5pyRead).toFixed(0),
      pyramid_ratio: +(h5pyRead / pyramid).toFixed(2),
      peak_rss_mb: peakMb(),
    }),
  );
}

const [command, path, ...rest] = process.argv.slice(2);
if (command === 'make' && path) console.log(`${execFileSync('/usr/bin/python3', ['-c', MAKE, path, rest[0] ?? '1', rest[1] ?? 'gzip'], { encoding: 'utf8' }).trim()}³ written to ${path}`);
else if (command === 'run' && path) await run(path, rest[0]);
else throw new Error('usage: huge.ts make FILE GIB gzip|bitshuffle-lz4 | huge.ts run FILE [CACHE_DIR]');
