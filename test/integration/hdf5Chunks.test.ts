// The HDF5 chunk index read from the file itself, against h5py's get_chunk_info on the same files
// (test/fixtures/make_hdf5_chunks.py; object headers v1 and v2): every chunk's origin, byte offset, stored size and filter mask; and the
// chunks decoded by the native addon, against h5py's read of the whole array and of a region with partial chunks.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dtype, Vec3 } from '../../electron/common/contract.js';
import { hdf5Reader, loadH5 } from '../../electron/services/io/hdf5.js';
import { chunkIndexOf } from '../../electron/services/io/hdf5ChunkIndex.js';
import { nativeFilter, nativeRegionReader } from '../../electron/services/io/hdf5NativeChunks.js';
import { loadNativeKernels } from '../../electron/services/segment/kernels/native.js';
import type { VoxelArray } from '../../electron/services/volume/model.js';

const dir = 'test/fixtures/generated/hdf5_chunks';

interface Truth {
  dataset: string;
  dtype: string;
  shape: number[];
  chunks: number[];
  filters: number[];
  chunkIndex: { origin: number[]; address: number; size: number; filterMask: number }[];
  sha256: string;
  region: { min: Vec3; max: Vec3; sha256: string };
}

const sha256 = (voxels: VoxelArray) => createHash('sha256').update(new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength)).digest('hex');

const truth = (): Record<string, Truth> => JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));

/** The object header address, as an HDF5 object reference holds it (what h5wasm gives for a path). */
async function objectHeaderOf(file: string, dataset: string): Promise<number> {
  const h5wasm = await loadH5();
  const opened = new h5wasm.File(file, 'r');
  try {
    const reference = h5wasm.Module.create_object_reference(opened.file_id, dataset);
    return Number(new DataView(Uint8Array.from(reference).buffer).getBigUint64(0, true));
  } finally {
    opened.close();
  }
}

describe('HDF5 chunk index (h5py get_chunk_info as the reference)', () => {
  it.each(Object.keys(truth()))('%s: every chunk where h5py says', async (name) => {
    const expected = truth()[name]!;
    const fd = openSync(join(dir, name), 'r');
    try {
      const chunks = chunkIndexOf(fd, await objectHeaderOf(join(dir, name), expected.dataset));
      expect(chunks).toEqual(expected.chunkIndex);
    } finally {
      closeSync(fd);
    }
  });
});

describe('HDF5 chunks decoded natively (h5py as the reference)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['build/native.mjs'], { stdio: 'inherit' });
    expect(loadNativeKernels()?.placeHdf5Chunk).toBeTypeOf('function');
  }, 120_000);

  const decodable = () => Object.keys(truth()).filter((name) => !name.startsWith('gzip'));

  it.each(decodable())('%s: every voxel of the whole array and of a region cutting partial chunks', async (name) => {
    const expected = truth()[name]!;
    const h5wasm = await loadH5();
    const opened = new h5wasm.File(join(dir, name), 'r');
    const filter = nativeFilter((opened.get(expected.dataset) as InstanceType<typeof h5wasm.Dataset>).filters);
    opened.close();
    expect(filter).toBe(expected.filters[0]);
    const fd = openSync(join(dir, name), 'r');
    try {
      const dims = [...expected.shape].reverse() as Vec3;
      const read = nativeRegionReader({
        fd, objectHeader: await objectHeaderOf(join(dir, name), expected.dataset), filter: filter!,
        dtype: expected.dtype as Dtype, dims, chunks: [...expected.chunks].reverse() as Vec3, where: name,
      });
      expect(read).toBeDefined();
      expect(sha256(read!({ min: [0, 0, 0], max: dims }))).toBe(expected.sha256);
      expect(sha256(read!(expected.region))).toBe(expected.region.sha256);
    } finally {
      closeSync(fd);
    }
  });

  it.each(decodable())('%s: the HDF5 reader serves slabs and regions from it', async (name) => {
    const expected = truth()[name]!;
    const source = await hdf5Reader.open(join(dir, name), {});
    try {
      expect(sha256(await source.readSlab(0, expected.shape[0]!))).toBe(expected.sha256);
      expect(sha256(await source.readRegion!(expected.region))).toBe(expected.region.sha256);
    } finally {
      await source.close?.();
    }
  });

  it('a damaged stream answers false instead of wrong voxels', () => {
    const name = 'bitshuffle-lz4-uint16.h5';
    const expected = truth()[name]!;
    const first = expected.chunkIndex[0]!;
    const stored = new Uint8Array(readFileSync(join(dir, name)).subarray(first.address, first.address + first.size));
    const box = Float64Array.of(0, 0, 0, ...[...expected.chunks].reverse());
    const place = (bytes: Uint8Array) => loadNativeKernels()!.placeHdf5Chunk(32008, bytes, 2, box, new Uint8Array(box[3]! * box[4]! * box[5]! * 2), box);
    expect(place(stored)).toBe(true);
    expect(place(stored.subarray(0, stored.length - 40))).toBe(false);
    stored.set([stored[20]! ^ 0xff, stored[21]! ^ 0xff], 20);
    expect(place(stored)).toBe(false);
  });
});
