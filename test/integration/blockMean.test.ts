// The pyramid's per-voxel kernels (services/volume/blockMean.ts) on both backends, C++ addon and TypeScript, against
// numpy: every dtype on odd and even sides (the last row, column and slice of an odd side averaging the voxels that
// exist), each level as numpy's 2×2×2 block mean rounded half up, and the range of the finite values.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dtype } from '../../electron/common/contract';
import { voxelArray, type VoxelArray } from '../../electron/services/volume/model';
import { BLOCK_MEAN } from './pyramidReference';

/** Random volumes of each dtype and shape, their numpy block means and finite ranges: DIR/<case>.in, .mean, cases.json. */
const NUMPY = String.raw`
import json, sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(15)
shapes = [(5, 7, 9), (4, 6, 8), (1, 1, 1), (2, 3, 1), (3, 1, 6), (1, 5, 2), (7, 2, 3)]  # (z, y, x)
dtypes = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64']

${BLOCK_MEAN}

cases = []
for dtype in dtypes:
    for shape in shapes:
        name = f"{dtype}-{'x'.join(map(str, shape))}"
        if dtype.startswith('float'):
            a = (rng.standard_normal(shape) * 1000).astype(dtype)
            if a.size > 8:
                a.flat[[1, 5, 7]] = [np.nan, np.inf, -np.inf]  # a NaN block, an infinite one, a NaN from ∞ - ∞ (or apart)
        else:
            info = np.iinfo(dtype)
            a = rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)
            a.flat[0], a.flat[-1] = info.min, info.max
        a.tofile(f"{out}/{name}.in")
        block_mean(a).tofile(f"{out}/{name}.mean")
        finite = a[np.isfinite(a)]
        cases.append({'name': name, 'dtype': dtype, 'dims': list(shape[::-1]), 'range': [float(finite.min()), float(finite.max())]})
json.dump(cases, open(f"{out}/cases.json", 'w'))`;

interface Case {
  name: string;
  dtype: Dtype;
  /** x, y, z */
  dims: [number, number, number];
  range: [number, number];
}

type Kernels = typeof import('../../electron/services/volume/blockMean');

let dir: string;
let cases: Case[];
let addonBuilt = false;
beforeAll(async () => {
  execFileSync(process.execPath, ['build/native.mjs'], { stdio: 'inherit' });
  addonBuilt = existsSync('native/build/voxbench_kernels.node');
  dir = await mkdtemp(join(tmpdir(), 'voxbench-blockmean-'));
  execFileSync('/usr/bin/python3', ['-c', NUMPY, dir]);
  cases = JSON.parse(await readFile(join(dir, 'cases.json'), 'utf8'));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const load = async (name: string, dtype: Dtype) => {
  const bytes = await readFile(join(dir, name));
  return voxelArray(dtype, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
};

/** The next level of a volume as the pyramid makes it: slices halved in pairs, an odd last one alone. */
function nextLevel(k: Kernels, volume: VoxelArray, dtype: Dtype, [width, height, depth]: Case['dims']): VoxelArray {
  const slice = width * height;
  const halved = ((width + 1) >> 1) * ((height + 1) >> 1);
  const out = voxelArray(dtype, new ArrayBuffer(Math.ceil(depth / 2) * halved * volume.BYTES_PER_ELEMENT));
  for (let z = 0; z < depth; z += 2) {
    const lower = z + 1 < depth ? volume.subarray((z + 1) * slice, (z + 2) * slice) : undefined;
    k.halveSlices(volume.subarray(z * slice, (z + 1) * slice), lower, width, height, out.subarray((z / 2) * halved, (z / 2 + 1) * halved));
  }
  return out;
}

describe.each(['native', 'typescript'] as const)('%s block means', (backend) => {
  let k: Kernels;
  beforeAll(async () => {
    process.env.VOXBENCH_KERNELS = backend === 'typescript' ? 'typescript' : '';
    vi.resetModules();
    k = await import('../../electron/services/volume/blockMean');
  });

  it('runs on the requested backend', () => {
    expect(k.blockMeanBackend).toBe(backend === 'native' && addonBuilt ? 'native' : 'typescript');
  });

  it('halves every dtype as numpy’s 2×2×2 block mean, odd sides included', async () => {
    for (const { name, dtype, dims } of cases) {
      const ours = nextLevel(k, await load(`${name}.in`, dtype), dtype, dims);
      const numpy = await load(`${name}.mean`, dtype);
      if (dtype === 'float64') {
        // numpy sums pairwise, we in order: the same but for the last bit or two
        const off = [...ours].filter((value, i) => !(Object.is(value, numpy[i]) || Math.abs(value - numpy[i]!) <= 1e-12 * Math.abs(numpy[i]!)));
        expect(off, name).toEqual([]);
      } else {
        expect([...ours], name).toEqual([...numpy]); // float32 blocks sum exactly in double
      }
    }
  });

  it('keeps the range of the finite values', async () => {
    for (const { name, dtype, range } of cases) {
      const found = Float64Array.of(Infinity, -Infinity);
      const volume = await load(`${name}.in`, dtype);
      k.extendRange(found, volume.subarray(0, volume.length >> 1));
      k.extendRange(found, volume.subarray(volume.length >> 1));
      expect([...found], name).toEqual(range);
    }
  });
});
