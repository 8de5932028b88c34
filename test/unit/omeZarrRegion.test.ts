import * as zarr from 'zarrita';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import type { Box } from '../../electron/services/volume/model';
import { readLevelRegion } from '../../electron/services/volume/omeZarrRegion';

// 64×64×16 uint16 in 8³ chunks, voxel (x, y, z) = x + 64 y + 4096 z: an axial slice meets 64 chunks (more than the
// 24 lanes), a coronal or sagittal one 16, 8 of them shared with the axial's chunk layer.
const [NX, NY, NZ, SIDE] = [64, 64, 16, 8];
const value = (x: number, y: number, z: number) => x + NX * y + NX * NY * z;

/** The array in memory, every chunk written by hand (little-endian uint16, x fastest), and the chunk keys in the order
 * they were read; each read answers a macrotask later, so reads overlap as GETs do. */
async function level() {
  const objects = new Map<string, Uint8Array>();
  await zarr.create(zarr.root(objects).resolve('a'), { shape: [NZ, NY, NX], chunkShape: [SIDE, SIDE, SIDE], dtype: 'uint16' });
  for (let gz = 0; gz < NZ / SIDE; gz++) {
    for (let gy = 0; gy < NY / SIDE; gy++) {
      for (let gx = 0; gx < NX / SIDE; gx++) {
        const chunk = new Uint16Array(SIDE ** 3);
        for (let z = 0; z < SIDE; z++) for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) chunk[(z * SIDE + y) * SIDE + x] = value(gx * SIDE + x, gy * SIDE + y, gz * SIDE + z);
        objects.set(`/a/c/${gz}/${gy}/${gx}`, new Uint8Array(chunk.buffer));
      }
    }
  }
  const read: string[] = [];
  const store = {
    get: async (key: string) => {
      if (key.includes('/c/')) read.push(key.replace('/a/c/', ''));
      await new Promise((resolve) => setImmediate(resolve));
      return objects.get(key);
    },
  };
  const opened = await zarr.open(zarr.root(store).resolve('a'), { kind: 'array' });
  return { read, level: { array: opened, dims: [NX, NY, NZ] as Vec3, chunks: [SIDE, SIDE, SIDE] as Vec3, name: 'memory level 0' } };
}

const box = (min: Vec3, max: Vec3): Box => ({ min, max });

describe('readLevelRegion', () => {
  it('serves three slices asked at once in the order asked: every chunk of the first is read before any of the next', async () => {
    const { read, level: image } = await level();
    const finished: string[] = [];
    const asked: [string, Box][] = [
      ['axial', box([0, 0, 4], [NX, NY, 5])],
      ['coronal', box([0, 12, 0], [NX, 13, NZ])],
      ['sagittal', box([20, 0, 0], [21, NY, NZ])],
    ];
    const voxels = await Promise.all(asked.map(async ([name, region]) => {
      const got = await readLevelRegion(image, 'uint16', region);
      finished.push(name);
      return [name, region, got] as const;
    }));
    expect(finished).toEqual(['axial', 'coronal', 'sagittal']);
    // Chunk keys "gz/gy/gx": the axial's layer gz = 0 (64), then the coronal's gy = 1 at gz = 1 (8), then the sagittal's gx = 2 at gz = 1, less the one it shares with the coronal (7).
    expect(read).toHaveLength(64 + 8 + 7);
    expect(read.slice(0, 64).every((key) => key.startsWith('0/'))).toBe(true);
    expect(read.slice(64, 72).every((key) => /^1\/1\/\d$/.test(key))).toBe(true);
    expect(read.slice(72).every((key) => /^1\/\d\/2$/.test(key))).toBe(true);
    // Each voxel where the formula puts it (x fastest, then y, then z of the box).
    for (const [name, { min, max }, got] of voxels) {
      const want: number[] = [];
      for (let z = min[2]; z < max[2]; z++) for (let y = min[1]; y < max[1]; y++) for (let x = min[0]; x < max[0]; x++) want.push(value(x, y, z));
      expect(Array.from(got), name).toEqual(want);
    }
  });
});
