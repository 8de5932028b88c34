// The OME-Zarr pyramid against what python3-zarr and numpy read from it: level 0 bit for bit, each coarser
// level as numpy's 2×2×2 block mean of the level above, the OME scales, and our region reads as numpy slices.
import { createHash } from 'node:crypto';
import { appendFile, copyFile, cp, mkdir, mkdtemp, open, readdir, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemStore } from '@zarrita/storage';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as zarr from 'zarrita';
import type { Vec3 } from '../../electron/common/contract';
import { openScan } from '../../electron/services/io/registry';
import { pyramidCache } from '../../electron/services/volume/cache';
import { slabs, type VolumeSource, type VoxelArray } from '../../electron/services/volume/model';
import { type OmeZarrImage, openOmeZarr } from '../../electron/services/volume/omeZarrOpen';
import { describeLocation } from '../../electron/services/volume/zarrStores';
import { buildPyramid } from '../../electron/services/volume/pyramid';
import { generatedDir, references } from '../fixtures/reference';
import { pythonView, type LevelBox, type PythonView } from './pyramidReference';
import { syntheticSource } from './syntheticSource';

const sha256 = (voxels: VoxelArray) => createHash('sha256').update(new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength)).digest('hex');

async function sourceDigest(source: VolumeSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const slab of slabs(source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  return hash.digest('hex');
}

function expectOmeMetadata(view: PythonView, image: OmeZarrImage, unit: string | undefined): void {
  const { spacing } = image.meta;
  expect(view.multiscale.axes.map((axis) => axis.name)).toEqual(['z', 'y', 'x']);
  view.multiscale.axes.forEach((axis) => expect(axis.unit).toBe(unit));
  view.multiscale.datasets.forEach(({ path, coordinateTransformations }, level) => {
    expect(path).toBe(String(level));
    expect(coordinateTransformations.map(({ type }) => type)).toEqual(['scale', 'translation']);
    coordinateTransformations[0]!.scale!.forEach((value, i) => expect(value).toBeCloseTo(spacing[2 - i]! * 2 ** level, 9));
  });
}

const fixtures: [string, string | undefined][] = [
  ['nexus_uint16.h5', 'micrometer'],
  ['plain_float32.h5', undefined],
  ['scaled_int16.nii.gz', 'millimeter'],
  ['oblique_uint8.nii.gz', 'millimeter'],
  ['bigendian_uint16.nii', 'millimeter'],
];

describe.each(fixtures)('pyramid of %s', (name, unit) => {
  test('zarr reads level 0 bit for bit, each level as the numpy block mean, and the OME scales', async () => {
    const truth = references()[name]!;
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-pyramid-'));
    const source = await openScan(join(generatedDir, name));
    const image = await buildPyramid(source, join(dir, 'scan.ome.zarr'), { coarsest: 8 });
    await source.close();
    const [width, height, depth] = truth.dims;
    const boxes: LevelBox[] = [
      { level: 0, min: [1, 2, 3], max: [width - 1, height - 3, depth] },
      { level: 1, min: [0, 1, 1], max: [3, Math.ceil(height / 2), 2] },
    ];
    const view = pythonView(describeLocation(image.location), boxes);
    expect(view.levels[0]!.sha256).toBe(truth.sha256);
    expect(view.levels.map((level) => level.shape)).toEqual(image.levels.map(({ dims }) => [...dims].reverse()));
    expect(Math.max(...view.levels.at(-1)!.shape)).toBeLessThanOrEqual(8);
    expect(view.means).toEqual(view.levels.slice(1).map(() => true));
    expectOmeMetadata(view, image, unit);
    expect(view.voxbench).toMatchObject({ dims: truth.dims, dtype: truth.dtype, unit: truth.unit, range: [truth.min, truth.max] });
    (view.voxbench.direction as number[]).forEach((value, i) => expect(value).toBeCloseTo(truth.direction[i]!, 6));
    for (const [i, { level, ...box }] of boxes.entries()) expect(sha256(await image.readRegion(level, box))).toBe(view.regions[i]);
    expect(await readdir(dir)).toEqual(['scan.ome.zarr']);
  });
});

test('uncompressed chunks (compressor null) read the same in zarr', async () => {
  const truth = references()['oblique_uint8.nii.gz']!;
  const dir = await mkdtemp(join(tmpdir(), 'voxbench-pyramid-'));
  const source = await openScan(join(generatedDir, 'oblique_uint8.nii.gz'));
  const image = await buildPyramid(source, join(dir, 'raw.ome.zarr'), { coarsest: 8, compression: 'none' });
  await source.close();
  const view = pythonView(describeLocation(image.location), [{ level: 1, min: [3, 0, 5], max: [16, 9, 8] }]);
  expect(view.levels[0]!.sha256).toBe(truth.sha256);
  expect(view.means).toEqual([true, true]);
  expect(sha256(await image.readRegion(1, { min: [3, 0, 5], max: [16, 9, 8] }))).toBe(view.regions[0]);
});

test('float voxels keep every bit (NaN payloads, infinities); the value range is of the finite ones', async () => {
  const dims: Vec3 = [70, 3, 5];
  const voxels = new Float32Array(70 * 3 * 5).map((_, i) => Math.sin(i) * 1000);
  const bits = new Uint32Array(voxels.buffer);
  [bits[3], bits[150], bits[700]] = [0x7fc01234, 0xffa00001, 0x7f800000]; // two NaNs with payloads, +∞
  voxels[400] = -Infinity;
  const finite = voxels.filter(Number.isFinite);
  const source: VolumeSource = {
    meta: { ...syntheticSource(dims).meta, dtype: 'float32', storedType: 'float32' },
    readSlab: async (z0, count) => voxels.slice(z0 * 210, (z0 + count) * 210),
    close: async () => {},
  };
  const dir = await mkdtemp(join(tmpdir(), 'voxbench-pyramid-'));
  const image = await buildPyramid(source, join(dir, 'float.ome.zarr'), { coarsest: 16 });
  const view = pythonView(describeLocation(image.location));
  expect(view.levels[0]!.sha256).toBe(sha256(voxels));
  expect(view.means).toEqual([true, true, true]);
  expect(image.meta.range).toEqual([Math.min(...finite), Math.max(...finite)]);
});

describe('a 300×260×250 uint16 volume, in slabs of 4 slices', () => {
  const dims: Vec3 = [300, 260, 250];
  const boxes: LevelBox[] = [
    { level: 0, min: [63, 0, 64], max: [65, 260, 129] },
    { level: 0, min: [0, 0, 0], max: [1, 1, 1] },
    { level: 0, min: [250, 191, 190], max: [300, 260, 250] },
    { level: 1, min: [17, 63, 5], max: [150, 66, 125] },
    { level: 2, min: [10, 3, 7], max: [75, 64, 63] },
  ];
  let image: OmeZarrImage;
  let view: PythonView;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'voxbench-pyramid-'));
    image = await buildPyramid(syntheticSource(dims), join(dir, 'synthetic.ome.zarr'), { slabBytes: 1 << 20 });
    view = pythonView(describeLocation(image.location), boxes);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('level 0 is the source bit for bit; levels halve down to ≤ 64 in 64³ chunks', async () => {
    expect(view.levels[0]!.sha256).toBe(await sourceDigest(syntheticSource(dims)));
    expect(view.levels.map((level) => level.shape)).toEqual([[250, 260, 300], [125, 130, 150], [63, 65, 75], [32, 33, 38]]);
    expect(view.levels.map((level) => level.chunks)).toEqual([[64, 64, 64], [64, 64, 64], [63, 64, 64], [32, 33, 38]]);
    expect(view.levels.every((level) => level.dtype === '<u2')).toBe(true);
  });

  test('each level is the numpy 2×2×2 block mean of the level above, rounded half up', () => {
    expect(view.means).toEqual([true, true, true]);
  });

  test('OME scales per level and Voxbench geometry', () => {
    expectOmeMetadata(view, image, 'millimeter');
    expect(view.voxbench).toMatchObject({ dims, spacing: [0.5, 0.75, 1.25], origin: [-10, 20, 5], direction: [0, 1, 0, -1, 0, 0, 0, 0, 1] });
    // Index x runs along world -y and y along +x, so the origin (-10, 20, 5) sits at x -20, y -10 in the image frame;
    // a level-1 voxel centres on a 2×2×2 block, half a level-0 voxel further along each axis.
    const translations = view.multiscale.datasets.map(({ coordinateTransformations }) => coordinateTransformations[1]!.translation);
    expect(translations[0]).toEqual([5, -10, -20]);
    expect(translations[1]).toEqual([5 + 0.625, -10 + 0.375, -20 + 0.25]);
  });

  test('region reads equal numpy slices, and a level reads as a volume of its own', async () => {
    for (const [i, { level, ...box }] of boxes.entries()) expect(sha256(await image.readRegion(level, box))).toBe(view.regions[i]);
    expect(await sourceDigest(image.levelSource(3))).toBe(view.levels[3]!.sha256);
    await expect(image.readRegion(0, { min: [0, 0, 0], max: [301, 1, 1] })).rejects.toMatchObject({ kind: 'BadRegion' });
  });

  test('zarrita, the JavaScript Zarr reader, reads the same voxels', async () => {
    const { level, min, max } = boxes[3]!;
    const array = await zarr.open.v2(zarr.root(new FileSystemStore(describeLocation(image.location))).resolve(String(level)), { kind: 'array' });
    const region = await zarr.get(array, [zarr.slice(min[2], max[2]), zarr.slice(min[1], max[1]), zarr.slice(min[0], max[0])]);
    expect(sha256(region.data as Uint16Array)).toBe(view.regions[3]);
  });

  test('a region read opens only the chunks it meets', async () => {
    const copy = join(dir, 'garbled.ome.zarr');
    await cp(describeLocation(image.location), copy, { recursive: true });
    const { level, ...box } = boxes[0]!; // chunk columns x 0…1, z 1…2
    for (const cz of ['0', '1', '2', '3']) {
      for (const cy of ['0', '1', '2', '3', '4']) {
        for (const cx of ['0', '1', '2', '3', '4']) {
          if ((cx === '0' || cx === '1') && (cz === '1' || cz === '2')) continue;
          await writeFile(join(copy, '0', cz, cy, cx), 'not zlib');
        }
      }
    }
    const garbled = await openOmeZarr(copy);
    expect(sha256(await garbled.readRegion(level, box))).toBe(view.regions[0]);
    await expect(garbled.readRegion(0, { min: [0, 0, 0], max: [1, 1, 1] })).rejects.toMatchObject({ kind: 'BadPyramid', message: expect.stringContaining(`${copy} level 0, chunk [0, 0, 0]: `) });
  });
});

describe('the pyramid cache', () => {
  test('a cancelled build stops within a slab and leaves nothing that passes for a pyramid', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'voxbench-cache-'));
    const cache = pyramidCache(cacheDir);
    const key = await cache.key(join(generatedDir, 'nexus_uint16.h5'));
    const reads: number[] = [];
    const controller = new AbortController();
    const build = cache.build(syntheticSource([300, 260, 250], reads), key, {
      slabBytes: 1 << 20,
      signal: controller.signal,
      onProgress: (done) => done >= 40 && controller.abort(),
    });
    await expect(build).rejects.toMatchObject({ kind: 'AbortError', name: 'AbortError' });
    expect(Math.max(...reads)).toBe(40); // slabs of 4: after the one reaching 40, only the slab read ahead
    expect(await cache.get(key)).toBeUndefined();
    expect(await readdir(cacheDir)).toEqual([]);
  });

  test('a second open of an unchanged file hits, and so does a copy elsewhere (an upload); a changed or grown file misses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-cache-'));
    const cache = pyramidCache(join(dir, 'cache'));
    const path = join(dir, 'scan.h5');
    await copyFile(join(generatedDir, 'nexus_uint16.h5'), path);
    const key = await cache.key(path);
    const leftover = join(dir, 'cache', `${key}.ome.zarr.partial`); // as a killed build leaves it
    await mkdir(join(leftover, '0'), { recursive: true });
    await writeFile(join(leftover, '.zattrs'), '{}');
    expect(await cache.get(key)).toBeUndefined();
    const source = await openScan(path);
    const built = await cache.build(source, key);
    await source.close();
    expect(built.levels).toHaveLength(1); // 40×32×24 is already ≤ 64
    expect(await cache.key(path)).toBe(key);
    expect(await readdir(join(dir, 'cache'))).toEqual([`${key}.ome.zarr`]);
    const found = await cache.get(key);
    expect(found?.meta).toEqual(built.meta);
    expect(sha256(await found!.readRegion(0, { min: [0, 0, 0], max: [40, 32, 24] }))).toBe(references()['nexus_uint16.h5']!.sha256);

    // A copy elsewhere with another time (as an upload lands) is the same content: the same pyramid.
    const upload = join(dir, 'upload');
    await mkdir(upload);
    await copyFile(path, join(upload, 'scan.h5'));
    await utimes(join(upload, 'scan.h5'), new Date(), new Date(Date.now() + 5_000));
    expect(await cache.key(join(upload, 'scan.h5'))).toBe(key);
    const handle = await open(path, 'r+');
    await handle.write(Uint8Array.of(0xff), 0, 1, 100);
    await handle.close();
    const changed = await cache.key(path);
    expect(changed).not.toBe(key);
    await appendFile(path, '\0');
    expect(await cache.key(path)).not.toBe(changed);
    expect(await cache.key(path, { choice: '/entry/data/data' })).not.toBe(await cache.key(path));
  });

  test('a large file is known by its size and 64 blocks of 64 KiB spread from its first byte to its last', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-cache-'));
    const cache = pyramidCache(join(dir, 'cache'));
    const path = join(dir, 'big.raw');
    const size = 100 * 2 ** 20;
    await writeFile(path, '');
    await truncate(path, size);
    const key = await cache.key(path);
    const poke = async (at: number) => {
      const handle = await open(path, 'r+');
      await handle.write(Uint8Array.of(1), 0, 1, at);
      await handle.close();
      return cache.key(path);
    };
    // Block k starts at floor(k (size - 64 KiB) / 63): block 1 at 1 663 366; the byte before it is in no block.
    const block1 = Math.floor((size - 2 ** 16) / 63);
    expect(await poke(block1 - 1)).toBe(key);
    const inBlock = await poke(block1);
    expect(inBlock).not.toBe(key);
    expect(await poke(size - 1)).not.toBe(inBlock);
  });

  test('a folder key covers the names and contents of its files, not their times', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-cache-'));
    const cache = pyramidCache(join(dir, 'cache'));
    const series = join(dir, 'series');
    await mkdir(series);
    await writeFile(join(series, 'a.dcm'), 'a');
    await writeFile(join(series, 'b.dcm'), 'b');
    const key = await cache.key(series);
    await utimes(join(series, 'b.dcm'), new Date(), new Date(Date.now() + 5_000));
    expect(await cache.key(series)).toBe(key);
    await cp(series, join(dir, 'uploaded'), { recursive: true });
    expect(await cache.key(join(dir, 'uploaded'))).toBe(key);
    await writeFile(join(series, 'b.dcm'), 'B');
    const changed = await cache.key(series);
    expect(changed).not.toBe(key);
    await writeFile(join(series, 'c.dcm'), 'c');
    expect(await cache.key(series)).not.toBe(changed);
    await rm(join(series, 'c.dcm'));
    expect(await cache.key(series)).toBe(changed);
    await expect(cache.key(join(dir, 'missing'))).rejects.toMatchObject({ kind: 'FileNotFound' });
    await expect(cache.get('../../etc')).rejects.toMatchObject({ kind: 'BadCacheKey' });
  });
});
