// Scans whose slices are compressed one by one (a JPEG 2000 DICOM series, a deflate TIFF stack) decoded by several
// reader threads on runs of slices: the voxels pydicom and tifffile read, the same as one thread's, the same through
// the app's open (range read at open, slabs kept for the fetch); a damaged frame in one band fails the whole read
// naming its file, and aborting stops every thread (no CPU spent after it).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { VoxbenchError } from '../../electron/common/errors';
import { openScan } from '../../electron/services/io/registry';
import { loadNativeKernels } from '../../electron/services/segment/kernels/native';
import { bandedSource, bandRanges, slabBands } from '../../electron/services/volume/bandedReads';
import { slabs, type VolumeSource } from '../../electron/services/volume/model';
import { openInWorker } from '../../electron/services/volume/workerSource';
import { generatedDir, references, type Reference } from '../fixtures/reference';

/** A deflate TIFF stack as tifffile writes it (strips of 16 rows), and tifffile's digest of what it reads back. */
const MAKE_TIFF = String.raw`
import hashlib, sys, numpy as np, tifffile
rng = np.random.default_rng(3)
z, y, x = np.mgrid[0:int(sys.argv[2]), 0:300, 0:310]
data = (7 * x + 3 * y + 11 * z + rng.integers(0, 900, size=x.shape)).astype(np.uint16)
tifffile.imwrite(sys.argv[1], data, compression="zlib", rowsperstrip=16, photometric="minisblack")
print(hashlib.sha256(tifffile.imread(sys.argv[1]).tobytes()).hexdigest())`;

/** The file of the series' last slice (largest position along the normal): its codestream's SOC and SIZ markers wiped. */
const DAMAGE_LAST = String.raw`
import os, sys, numpy as np, pydicom
folder = sys.argv[1]
def depth(name):
    ds = pydicom.dcmread(os.path.join(folder, name), stop_before_pixels=True)
    o = np.array(ds.ImageOrientationPatient, float).reshape(2, 3)
    return float(np.array(ds.ImagePositionPatient, float) @ np.cross(o[0], o[1]))
last = max((n for n in os.listdir(folder) if not n.endswith(".txt") and n != "notes.dcm"), key=depth)
path = os.path.join(folder, last)
data = open(path, "rb").read()
at = data.index(b"\xff\x4f\xff\x51")
open(path, "wb").write(data[:at] + b"\0" * 64 + data[at + 64:])
print(last)`;

const j2k = join(generatedDir, 'dicom', 'j2k_lossless');
const j2kTruth = (references('dicom') as Record<string, Reference>)['j2k_lossless']!;
let dir: string;
let tiff: string;
let tiffDigest: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-banded-slices-'));
  tiff = join(dir, 'stack.tif');
  tiffDigest = execFileSync('/usr/bin/python3', ['-c', MAKE_TIFF, tiff, '37'], { encoding: 'utf8' }).trim();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function digest(source: VolumeSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const slab of slabs(source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  return hash.digest('hex');
}

async function bandedDigest(path: string, helpers: number, ownBand = false): Promise<string> {
  const banded = bandedSource(await openScan(path), path, {}, { helpers, ownBand });
  try {
    return await digest(banded);
  } finally {
    await banded.close();
  }
}

test('runs of slices cover a slab in as many whole-slice bands as asked, where it has slices enough', () => {
  expect(bandRanges(12, 1, 3)).toEqual([[0, 4], [4, 8], [8, 12]]);
  expect(bandRanges(2, 1, 4)).toEqual([[0, 1], [1, 2]]);
  const meta = { dims: [4, 5, 12] } as VolumeSource['meta'];
  expect(slabBands({ meta }, 3, 5, 2)).toEqual([{ min: [0, 0, 3], max: [4, 5, 6] }, { min: [0, 0, 6], max: [4, 5, 8] }]);
});

test('the readers say which scans decode slice by slice', async () => {
  const flags = await Promise.all(
    [j2k, tiff, join(generatedDir, 'dicom', 'ct_signed')].map(async (path) => {
      const source = await openScan(path);
      await source.close();
      return source.compressedSlices;
    }),
  );
  // JPEG 2000 frames decode on every core in the addon's one call per slab, where it was built (dicomJ2kNative.ts).
  expect(flags).toEqual([!loadNativeKernels()?.decodeJ2kFrames, true, false]);
});

test("a JPEG 2000 series decoded by three threads (and by this thread with two helpers) is pydicom's", { timeout: 60_000 }, async () => {
  expect(await bandedDigest(j2k, 3)).toBe(j2kTruth.sha256);
  expect(await bandedDigest(j2k, 2, true)).toBe(j2kTruth.sha256);
});

test("a deflate TIFF stack decoded by three threads is tifffile's, as one thread's", { timeout: 60_000 }, async () => {
  expect(await bandedDigest(tiff, 3)).toBe(tiffDigest);
  expect(await digest(await openScan(tiff))).toBe(tiffDigest);
});

test('the app’s open of a small scan: the range read at open, then the same voxels from the slabs it kept', { timeout: 60_000 }, async () => {
  for (const [path, expected] of [[j2k, j2kTruth.sha256], [tiff, tiffDigest]] as const) {
    const { source, stats } = await openInWorker(path, {}, { pyramids: { cacheDir: join(dir, 'cache'), largeBytes: 1 << 30 } });
    try {
      expect(await digest(source)).toBe(expected);
      expect(await digest(source)).toBe(expected); // read again once the kept slabs have gone: decoded anew
      if (path === j2k) expect([stats.min, stats.max]).toEqual([j2kTruth.min, j2kTruth.max]);
    } finally {
      await source.close();
    }
  }
});

test('a damaged frame in the last band fails the whole read, naming its file', { timeout: 60_000 }, async () => {
  const copy = join(dir, 'damaged');
  await cp(j2k, copy, { recursive: true });
  const damaged = execFileSync('/usr/bin/python3', ['-c', DAMAGE_LAST, copy], { encoding: 'utf8' }).trim();
  const banded = bandedSource(await openScan(copy), copy, {}, { helpers: 3 });
  try {
    const error = await banded.readSlab(0, banded.meta.dims[2]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VoxbenchError);
    expect((error as VoxbenchError).kind).toBe('CorruptFile');
    expect((error as Error).message).toContain(damaged);
  } finally {
    await banded.close();
  }
});

test('aborting a banded read stops every helper thread: it fails as Cancelled and no CPU is spent after', { timeout: 120_000 }, async () => {
  const big = join(dir, 'big.tif');
  execFileSync('/usr/bin/python3', ['-c', MAKE_TIFF, big, '800']);
  const abort = new AbortController();
  const banded = bandedSource(await openScan(big), big, {}, { helpers: 3, signal: abort.signal });
  try {
    await banded.readSlab(0, 3); // each helper started, its scan open
    const reading = banded.readSlab(0, 800).catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 150));
    abort.abort();
    const error = await reading;
    expect((error as VoxbenchError).kind).toBe('Cancelled');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the threads' termination
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const spent = process.cpuUsage(before);
    // Three helpers decoding would spend up to 3 s of CPU in this second (cpuUsage counts every thread of the process).
    expect((spent.user + spent.system) / 1000).toBeLessThan(150);
    await expect(banded.readSlab(0, 1)).rejects.toMatchObject({ kind: 'Cancelled' });
  } finally {
    await banded.close();
  }
});
