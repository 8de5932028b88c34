// The decoded chunk cache against first principles: every voxel of the test volume is x + 37y + 1009z, so each
// value read says where it came from; the reader under the cache counts how often it is asked.
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { withDecodedChunks } from '../../electron/services/volume/decodedChunks';
import { memorySource, readRegion, type Box, type VolumeSource } from '../../electron/services/volume/model';

const dims: Vec3 = [10, 7, 11];
const chunks: Vec3 = [4, 3, 5];
const value = (x: number, y: number, z: number) => x + 37 * y + 1009 * z;

function chunkedVolume() {
  const voxels = new Int32Array(dims[0] * dims[1] * dims[2]);
  for (let z = 0, i = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++, i++) voxels[i] = value(x, y, z);
  const meta = { name: 'cube', path: '/cube', format: 'test', dims, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dtype: 'int32', storedType: 'int32', unit: 'mm' } as const;
  const memory = memorySource({ ...meta, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, voxels);
  const asked: Box[] = [];
  const source: VolumeSource = { ...memory, chunks, readRegion: (box) => (asked.push(box), readRegion(memory, box)) };
  return { source, asked };
}

function expectVoxels(voxels: ArrayLike<number>, { min, max }: Box) {
  const expected: number[] = [];
  for (let z = min[2]; z < max[2]; z++) for (let y = min[1]; y < max[1]; y++) for (let x = min[0]; x < max[0]; x++) expected.push(value(x, y, z));
  expect(Array.from(voxels)).toEqual(expected);
}

const idle = () => new Promise((resolve) => setTimeout(resolve, 20));
const sagittal = (x: number): Box => ({ min: [x, 0, 0], max: [x + 1, dims[1], dims[2]] });

describe('decoded chunk cache', () => {
  it('reads a cold box straight from the reader, then serves it and its neighbours from the chunks it cut', async () => {
    const { source, asked } = chunkedVolume();
    const cached = withDecodedChunks(source, 1 << 20);
    expectVoxels(await cached.readRegion!(sagittal(5)), sagittal(5));
    expect(asked).toEqual([sagittal(5)]);
    await idle();
    // x = 5 cuts the chunk column x 4…7: 3 × 3 chunks, the edge ones clipped to the volume.
    expect(asked.length).toBe(1 + 9);
    expect(asked[1]).toEqual({ min: [4, 0, 0], max: [8, 3, 5] });
    expect(asked.at(-1)).toEqual({ min: [4, 6, 10], max: [8, 7, 11] });
    for (const box of [sagittal(5), sagittal(7), { min: [4, 1, 2], max: [8, 7, 11] } as Box]) expectVoxels(await cached.readRegion!(box), box);
    expect(asked.length).toBe(10);
  });

  it('keeps no more than its budget: with room for one chunk, reads stay right and go back to the reader', async () => {
    const { source, asked } = chunkedVolume();
    const cached = withDecodedChunks(source, 4 * 3 * 5 * 4);
    const box: Box = { min: [1, 1, 1], max: [9, 6, 10] };
    expectVoxels(await cached.readRegion!(box), box);
    await idle();
    const before = asked.length;
    expectVoxels(await cached.readRegion!(box), box);
    expect(asked.length).toBe(before + 1);
  });

  it('leaves a source without chunks as it is', () => {
    const { source } = chunkedVolume();
    const plain = { ...source, chunks: undefined };
    expect(withDecodedChunks(plain, 1 << 20)).toBe(plain);
  });
});
