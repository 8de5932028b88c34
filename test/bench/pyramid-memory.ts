// Peak memory and throughput of a pyramid build from a synthetic volume (default 1024×1024×512 uint16, 1 GiB).
// Run by hand: /usr/bin/time -v node --import tsx test/bench/pyramid-memory.ts [width height depth [zlib|none]]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vec3 } from '../../electron/common/contract';
import type { VolumeSource } from '../../electron/services/volume/model';
import { buildPyramid, pyramidSlabDepth } from '../../electron/services/volume/pyramid';

const dims = (process.argv.length >= 5 ? process.argv.slice(2, 5).map(Number) : [1024, 1024, 512]) as Vec3;
const [width, height, depth] = dims;
const compression = process.argv[5] === 'none' ? 'none' : 'zlib';

/** Rows of a ramp plus a hashed texture per row, so chunks compress about as a noisy scan does. */
const source: VolumeSource = {
  meta: { name: 'bench', path: '/bench', format: 'test', dims, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dtype: 'uint16', storedType: 'uint16', unit: 'mm' },
  async readSlab(z0, count) {
    const slab = new Uint16Array(width * height * count);
    for (let row = 0; row < height * count; row++) {
      const seed = Math.imul(row + z0 * height, 0x9e3779b1);
      for (let x = 0, at = row * width; x < width; x++) slab[at + x] = (x * 13 + (Math.imul(seed ^ x, 0x85ebca6b) >>> 27)) & 0xffff;
    }
    return slab;
  },
  close: async () => {},
};

const bytes = width * height * depth * 2;
const slabDepth = pyramidSlabDepth(source.meta);
let started = performance.now();
for (let z0 = 0; z0 < depth; z0 += slabDepth) await source.readSlab(z0, Math.min(slabDepth, depth - z0));
const generateSeconds = (performance.now() - started) / 1000;

const dir = await mkdtemp(join(tmpdir(), 'voxbench-pyramid-bench-'));
started = performance.now();
const image = await buildPyramid(source, join(dir, 'bench.ome.zarr'), { compression });
const seconds = (performance.now() - started) / 1000;
await rm(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    dims,
    compression,
    gib: +(bytes / 2 ** 30).toFixed(3),
    slabSlices: slabDepth,
    levels: image.levels.map((level) => level.dims.join('×')),
    seconds: +seconds.toFixed(1),
    mbPerSecond: +(bytes / 1e6 / seconds).toFixed(0),
    mbPerSecondWithoutGenerating: +(bytes / 1e6 / (seconds - generateSeconds)).toFixed(0),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
