// The HDF5 chunk index read from the file itself, against h5py's get_chunk_info on the same files
// (test/fixtures/make_hdf5_chunks.py; object headers v1 and v2): every chunk's origin, byte offset, stored size and filter mask; and the
// chunks decoded by the native addon (gzip with and without shuffle at levels 1 and 9, LZ4, bitshuffle-LZ4; chunks
// with filters skipped; chunks of whole frames, decoded in place; a slab ending inside a chunk layer keeping the rest) on one thread and on four, against h5py's read of the whole array and of a region with
// partial chunks; damaged chunks refused with the file and chunk named, never a crash.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dtype, Vec3 } from '../../electron/common/contract.js';
import { VoxbenchError } from '../../electron/common/errors.js';
import { hdf5Reader, loadH5 } from '../../electron/services/io/hdf5.js';
import { chunkIndexOf } from '../../electron/services/io/hdf5ChunkIndex.js';
import { nativePipeline, nativeRegionReader } from '../../electron/services/io/hdf5NativeChunks.js';
import { loadNativeKernels } from '../../electron/services/segment/kernels/native.js';
import { readWholeVolume } from '../../electron/services/segment/wholeVolume.js';
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

/** A native reader of `file` (a copy of a fixture, maybe) as the HDF5 reader makes it, on `threads` threads. */
async function nativeReader(name: string, file: string, fd: number, threads?: number, decodeNowBytes?: number) {
  const expected = truth()[name]!;
  const h5wasm = await loadH5();
  const opened = new h5wasm.File(file, 'r');
  const filters = nativePipeline((opened.get(expected.dataset) as InstanceType<typeof h5wasm.Dataset>).filters, { uint8: 1, uint16: 2, float32: 4 }[expected.dtype]!);
  opened.close();
  expect([...(filters ?? [])]).toEqual(expected.filters);
  const dims = [...expected.shape].reverse() as Vec3;
  const read = nativeRegionReader({
    fd, objectHeader: await objectHeaderOf(file, expected.dataset), filters: filters!,
    dtype: expected.dtype as Dtype, dims, chunks: [...expected.chunks].reverse() as Vec3, where: basename(file), threads, decodeNowBytes,
  });
  expect(read).toBeDefined();
  return { read: read!, dims };
}

describe('HDF5 chunks decoded natively (h5py as the reference)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['build/native.mjs'], { stdio: 'inherit' });
    expect(loadNativeKernels()?.readHdf5Chunks).toBeTypeOf('function');
  }, 120_000);

  // A small read decodes with the calling thread taking part (decodeNowBytes); 0 sends every read to a libuv thread.
  it.each(Object.keys(truth()).flatMap((name) => [[1, 0], [4, 0], [2, undefined]].map(([threads, now]) => [name, threads, now] as const)))(
    '%s on %i thread(s), decoding on the calling thread up to %s bytes: every voxel of the whole array and of a region cutting partial chunks',
    async (name, threads, now) => {
      const expected = truth()[name]!;
      const fd = openSync(join(dir, name), 'r');
      try {
        const { read, dims } = await nativeReader(name, join(dir, name), fd, threads, now);
        expect(sha256(await read({ min: [0, 0, 0], max: dims }))).toBe(expected.sha256);
        expect(sha256(await read(expected.region))).toBe(expected.region.sha256);
      } finally {
        closeSync(fd);
      }
    },
  );

  it.each(Object.keys(truth()))('%s: the HDF5 reader serves slabs and regions from it', async (name) => {
    const expected = truth()[name]!;
    const source = await hdf5Reader.open(join(dir, name), {});
    try {
      expect(sha256(await source.readSlab(0, expected.shape[0]!))).toBe(expected.sha256);
      expect(sha256(await source.readRegion!(expected.region))).toBe(expected.region.sha256);
    } finally {
      await source.close?.();
    }
  });

  it.each(Object.keys(truth()))('%s: a whole read as the segment tools make it fills one shared array, each slab in its place', async (name) => {
    const expected = truth()[name]!;
    const source = await hdf5Reader.open(join(dir, name), {});
    try {
      const voxels = await readWholeVolume(source, true);
      expect(voxels.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(sha256(voxels)).toBe(expected.sha256);
      const slice = expected.shape[1]! * expected.shape[2]!;
      const place = voxels.subarray(5 * slice, 9 * slice);
      place.fill(0);
      expect(await source.readSlab(5, 4, place)).toBe(place);
      expect(sha256(voxels)).toBe(expected.sha256);
    } finally {
      await source.close?.();
    }
  });

  it.each(Object.keys(truth()).filter((name) => truth()[name]!.chunks[0] === 16))('%s: a slab ending inside a chunk layer decodes it once, the next slab being the rest of it', async (name) => {
    const expected = truth()[name]!;
    const source = await hdf5Reader.open(join(dir, name), {});
    const kernels = loadNativeKernels()!;
    const decodes = [vi.spyOn(kernels, 'readHdf5Chunks'), vi.spyOn(kernels, 'readHdf5ChunksNow')]; // count the real calls
    try {
      const whole = await source.readSlab(0, expected.shape[0]!);
      expect(sha256(whole)).toBe(expected.sha256);
      const slice = expected.shape[1]! * expected.shape[2]!;
      for (const spy of decodes) spy.mockClear();
      // Layers of 16 slices: [0, 8) keeps [8, 16); [16, 26) keeps [26, 32), served in two; [32, 37) is the short last layer.
      const slabs = [[0, 8], [8, 8], [16, 10], [26, 3], [29, 3], [32, 5]] as const;
      for (const [z0, count] of slabs) expect(await source.readSlab(z0, count)).toEqual(whole.subarray(z0 * slice, (z0 + count) * slice));
      expect(decodes.reduce((calls, spy) => calls + spy.mock.calls.length, 0)).toBe(3);
    } finally {
      for (const spy of decodes) spy.mockRestore();
      await source.close?.();
    }
  });

  const copies = mkdtempSync(join(tmpdir(), 'voxbench-hdf5-damaged-'));
  afterAll(() => rmSync(copies, { recursive: true, force: true }));
  let copied = 0;

  /** A copy of fixture `name` whose chunk `chunk` (index position) has `damage` done to its stored bytes. */
  function damagedCopy(name: string, chunk: number, damage: (stored: Uint8Array) => void): string {
    const bytes = new Uint8Array(readFileSync(join(dir, name)));
    const { address, size } = truth()[name]!.chunkIndex[chunk]!;
    damage(bytes.subarray(address, address + size));
    const copy = join(copies, String(copied++), name);
    mkdirSync(dirname(copy));
    writeFileSync(copy, bytes);
    return copy;
  }

  /** The chunk at index position `chunk` as the error names it: x/y/z chunk indices. */
  const chunkName = (name: string, chunk: number) => {
    const { origin } = truth()[name]!.chunkIndex[chunk]!;
    return [...origin].reverse().map((at, axis) => at / [...truth()[name]!.chunks].reverse()[axis]!).join('/');
  };

  it.each([
    ['gzip-shuffle-uint16.h5', 'two bytes flipped', (stored: Uint8Array) => stored.set([stored[20]! ^ 0xff, stored[21]! ^ 0xff], 20)],
    ['gzip-9-float32.h5', 'the adler32 changed', (stored: Uint8Array) => stored.set([stored.at(-1)! ^ 1], stored.length - 1)],
    ['gzip-uint8.h5', 'zeroed', (stored: Uint8Array) => stored.fill(0)],
    ['bitshuffle-lz4-uint16.h5', 'two bytes flipped', (stored: Uint8Array) => stored.set([stored[20]! ^ 0xff, stored[21]! ^ 0xff], 20)],
    ['lz4-uint16.h5', 'zeroed', (stored: Uint8Array) => stored.fill(0)],
  ] as const)('%s with a chunk %s is refused, naming the file and the chunk', async (name, _, damage) => {
    const chunk = 5;
    const copy = damagedCopy(name, chunk, damage);
    const fd = openSync(copy, 'r');
    try {
      for (const now of [0, undefined]) {
        const { read, dims } = await nativeReader(name, copy, fd, 2, now);
        const failure = read({ min: [0, 0, 0], max: dims });
        await expect(failure).rejects.toThrow(VoxbenchError);
        await expect(failure).rejects.toThrow(new RegExp(`^${name}: chunk ${chunkName(name, chunk)} \\(x/y/z, [^)]+\\) is damaged: its stream`));
      }
    } finally {
      closeSync(fd);
    }
  });

  it('randomly damaged chunks never crash the process: each read gives voxels or a CorruptFile error', async () => {
    let seed = 15;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const outcomes = { read: 0, refused: 0 };
    for (const name of ['gzip-shuffle-float32.h5', 'bitshuffle-lz4-uint16.h5', 'lz4-uint8.h5', 'bitshuffle-lz4-block-float32.h5']) {
      for (let trial = 0; trial < 25; trial++) {
        const chunk = Math.floor(random() * truth()[name]!.chunkIndex.length);
        const copy = damagedCopy(name, chunk, (stored) => {
          for (let flips = 1 + Math.floor(random() * 8); flips > 0; flips--) stored[Math.floor(random() * stored.length)] = Math.floor(random() * 256);
        });
        const fd = openSync(copy, 'r');
        try {
          const { read, dims } = await nativeReader(name, copy, fd, 2);
          await read({ min: [0, 0, 0], max: dims });
          outcomes.read++;
        } catch (error) {
          expect((error as VoxbenchError).kind).toBe('CorruptFile');
          outcomes.refused++;
        } finally {
          closeSync(fd);
        }
      }
    }
    // deflate's adler32 catches every damage; LZ4 streams have no checksum, so some damage decodes to other voxels.
    expect(outcomes.refused).toBeGreaterThan(25);
  });
});
