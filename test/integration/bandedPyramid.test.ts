// A chunked HDF5 scan's pyramid built the app's way (volume.open of a large volume), its slabs decoded by helper
// threads on bands of chunk rows: level 0 (read from the scan) against h5py bit for bit, each coarser level (the
// cache's) as numpy's 2×2×2 block mean, and the banded slabs themselves against h5py's.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { VolumeInfo } from '../../electron/common/contract';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { openScan } from '../../electron/services/io/registry';
import { bandedSource, bandRanges } from '../../electron/services/volume/bandedReads';
import { slabs, type VoxelArray } from '../../electron/services/volume/model';
import { createServices } from '../../electron/services/services';
import { describeLocation } from '../../electron/services/volume/zarrStores';

const MAKE = String.raw`
import sys, h5py, numpy as np
rng = np.random.default_rng(7)
z, y, x = np.mgrid[0:53, 0:70, 0:61]
data = (3 * x + 5 * y + 7 * z + rng.integers(0, 50, size=x.shape)).astype(np.uint16)
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("data", data=data, chunks=(16, 24, 20), compression="gzip")`;

/** h5py's digests: slabs of `depth` slices, and each level of the zarr pyramid with whether it is the block mean of the one above. */
const CHECK = String.raw`
import hashlib, json, sys
import h5py, numpy as np, zarr
h5, store, depth = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = h5py.File(h5, "r")["data"][()]
slabs = [hashlib.sha256(d[z0:z0 + depth].tobytes()).hexdigest() for z0 in range(0, d.shape[0], depth)]
datasets = [] if store == "-" else zarr.open_group(store, mode="r").attrs["multiscales"][0]["datasets"]
stored = [zarr.open_group(store, mode="r")[s["path"]][:] for s in datasets]
# A store that leaves level 0 out (the local cache) starts at level 1: its first level is checked against h5py's data.
levels = stored if not datasets or datasets[0]["path"] == "0" else [d] + stored
def block_mean(a):
    padding = [(0, side % 2) for side in a.shape]
    sums = np.pad(a.astype(np.float64), padding).reshape(a.shape[0] // 2 + padding[0][1], 2, a.shape[1] // 2 + padding[1][1], 2, -1, 2).sum(axis=(1, 3, 5))
    counts = np.pad(np.ones(a.shape), padding).reshape(sums.shape[0], 2, sums.shape[1], 2, -1, 2).sum(axis=(1, 3, 5))
    return np.floor(sums / counts + 0.5).astype(a.dtype)
print(json.dumps({"slabs": slabs, "first": datasets[0]["path"] if datasets else None, "level0": bool(levels and np.array_equal(levels[0], d)), "means": [bool(np.array_equal(b, block_mean(a))) for a, b in zip(levels, levels[1:])]}))`;

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let scan: string;
let host: Host;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-banded-'));
  scan = join(dir, 'chunked.h5');
  execFileSync('/usr/bin/python3', ['-c', MAKE, scan]);
  host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir: join(dir, 'cache'), largeBytes: 1 } }));
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (voxels: VoxelArray) => createHash('sha256').update(new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength)).digest('hex');
const h5pyView = (store: string, depth: number) => JSON.parse(execFileSync('/usr/bin/python3', ['-c', CHECK, scan, store, String(depth)], { encoding: 'utf8' })) as { slabs: string[]; first: string | null; level0: boolean; means: boolean[] };

test('bands are whole chunk rows covering the height, as many as asked where there are rows enough', () => {
  expect(bandRanges(70, 24, 2)).toEqual([[0, 48], [48, 70]]);
  expect(bandRanges(70, 24, 3)).toEqual([[0, 24], [24, 48], [48, 70]]);
  expect(bandRanges(70, 24, 8)).toEqual([[0, 24], [24, 48], [48, 70]]);
  expect(bandRanges(20, 24, 4)).toEqual([[0, 20]]);
});

test('three decoding threads give the slabs h5py reads, into the slab the caller hands them', { timeout: 60_000 }, async () => {
  const opened = await openScan(scan);
  // The addon decodes into the slab on threads of its own: no helpers are put in front of it, unless told to.
  if (opened.decodesOnThreads) expect(bandedSource(opened, scan, {}, { helpers: 3 })).toBe(opened);
  const banded = bandedSource({ ...opened, decodesOnThreads: false }, scan, {}, { helpers: 3 });
  try {
    const digests: string[] = [];
    const reused = new Uint16Array(61 * 70 * 16);
    for (let z0 = 0; z0 < 53; z0 += 16) {
      const into = reused.subarray(0, 61 * 70 * Math.min(16, 53 - z0)); // the last slab is shorter
      const slab = await banded.readSlab(z0, Math.min(16, 53 - z0), into);
      expect(slab).toBe(into);
      digests.push(sha256(slab));
    }
    expect(digests).toEqual(h5pyView('-', 16).slabs);
  } finally {
    await banded.close();
  }
});

test('the pyramid built on open is h5py’s data at level 0 and the numpy block mean below', { timeout: 120_000 }, async () => {
  const reply = await host.dispatch('volume.open', { path: scan });
  if (!reply.ok) throw new Error(reply.error.message);
  const info = reply.result as VolumeInfo;
  expect(info.building).toBe(true);
  await host.services.pyramidBuilds.settled(info.id);
  const { pyramid } = host.services.volumes.get(info.id);
  expect(pyramid).toBeDefined();
  const view = h5pyView(describeLocation(pyramid!.location), 16);
  expect(view.first).toBe('1'); // the cache leaves level 0 to the scan itself
  expect(view.means).toEqual([true]);
  // Level 0 as the volume serves it (from the scan) is h5py's data.
  const hash = createHash('sha256');
  for await (const slab of slabs(host.services.volumes.get(info.id).source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  expect(hash.digest('hex')).toBe(h5pyView('-', 53).slabs[0]);
});
