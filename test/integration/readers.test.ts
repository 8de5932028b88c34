// Our readers against what nibabel and h5py read from the same files: voxels bit for bit, geometry in LPS.
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { OpenOptions } from '../../electron/services/io/reader';
import { openScan, scanCandidates } from '../../electron/services/io/registry';
import { slabs, type VoxelArray } from '../../electron/services/volume/model';
import { expectMatchesReference, generatedDir, type Reference, references } from '../fixtures/reference';

async function voxelDigest(path: string, options: OpenOptions = {}): Promise<string> {
  const source = await openScan(path, options);
  const hash = createHash('sha256');
  for await (const slab of slabs(source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  await source.close();
  return hash.digest('hex');
}

const referenceFiles = ['', 'hdf5_filters', 'tiff_meta_nrrd'].flatMap((folder) =>
  Object.entries(references(folder))
    .filter(([, reference]) => 'sha256' in reference)
    .map(([name, reference]) => [join(folder, name), reference] as const),
);

// Besides the files the generators write, the scans Debian's python3-nibabel ships for its tests ("nibabel/…",
// made by SPM, FSL and scanners) and skimage's ImageJ/tifffile TIFF stacks ("skimage/…"), where apt put them.
describe.each(referenceFiles)('%s', (name, reference) => {
  const path = reference.path ?? join(generatedDir, name);

  test('voxels equal the reference tool\'s, bit for bit', async () => {
    expect(await voxelDigest(path)).toBe(reference.sha256);
  });

  test('geometry, type and value range match', async () => {
    const source = await openScan(path);
    await expectMatchesReference(source, reference);
    await source.close();
  });

  test('a slab from the middle is the same bytes as in the whole', async () => {
    const source = await openScan(path);
    const slices = source.meta.dims[2];
    const bytes = (slab: VoxelArray) => Buffer.from(slab.buffer, slab.byteOffset, slab.byteLength);
    const whole = bytes(await source.readSlab(0, slices));
    const sliceBytes = whole.length / slices;
    const count = Math.min(2, slices - 1); // some scans made by others have only two slices
    expect(bytes(await source.readSlab(1, count)).equals(whole.subarray(sliceBytes, (1 + count) * sliceBytes))).toBe(true);
    await source.close();
  });
});

describe('files holding several images', () => {
  const frames = references().frames as unknown as { file: string; candidates: { choice: string; dims: number[] }[]; frame2_sha256: string };
  const path = join(generatedDir, frames.file);

  test('HDF5 candidates list every ≥3-D dataset with its size and frame count', async () => {
    const candidates = await scanCandidates(path);
    expect(candidates.map(({ choice, dims }) => ({ choice, dims }))).toEqual(frames.candidates);
  });

  test('a chosen frame of a 4-D dataset reads as h5py reads it', async () => {
    const source = await openScan(path, { choice: '/series/frames', frame: 2 });
    expect(source.meta.frames).toEqual({ count: 3, shown: 2 });
    const slab = await source.readSlab(0, source.meta.dims[2]);
    expect(createHash('sha256').update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength)).digest('hex')).toBe(frames.frame2_sha256);
    await source.close();
    await expect(openScan(path, { choice: '/series/frames', frame: 3 })).rejects.toMatchObject({ kind: 'NoSuchFrame' });
  });
});

test('the last volume of a 4-D NIfTI (time series, NIfTI-2) reads as nibabel reads it', async () => {
  const series = Object.entries(references()).filter(([, reference]) => 'frames' in reference) as [string, Reference & { frames: number; last_frame_sha256: string }][];
  expect(series.map(([name]) => name)).toEqual(['nibabel/functional.nii', 'nibabel/example4d.nii.gz', 'nibabel/example_nifti2.nii.gz']);
  for (const [, { path, frames, last_frame_sha256 }] of series) {
    const source = await openScan(path!, { frame: frames - 1 });
    expect(source.meta.frames).toEqual({ count: frames, shown: frames - 1 });
    await source.close();
    expect(await voxelDigest(path!, { frame: frames - 1 })).toBe(last_frame_sha256);
    await expect(openScan(path!, { frame: frames })).rejects.toMatchObject({ kind: 'NoSuchFrame', message: expect.stringContaining(basename(path!)) });
  }
});

describe('bad input is a typed error naming the file', () => {
  test('a truncated NIfTI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-bad-'));
    const path = join(dir, 'cut.nii');
    await copyFile(join(generatedDir, 'qform_float32.nii'), path);
    await truncate(path, 20_000);
    await expect(openScan(path)).rejects.toMatchObject({ kind: 'TruncatedFile', message: expect.stringContaining('cut.nii') });
  });

  test('a CIFTI-2 file (intent 3001, written by nibabel) is refused by its intent, not opened as 1×1×1', async () => {
    await expect(openScan(join(generatedDir, 'cifti_like.dconn.nii'))).rejects.toMatchObject({
      kind: 'UnsupportedFormat',
      message: expect.stringMatching(/cifti_like\.dconn\.nii is a CIFTI-2 file \(NIfTI intent code 3001\)/),
    });
  });

  test('a 4-D .nii.gz cut short says which frames are missing, whichever frame is asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-bad-'));
    const path = join(dir, 'cut4d.nii.gz');
    const bytes = await readFile(join(generatedDir, 'series5_int16.nii.gz'));
    // 5 frames of 16×12×10 int16; gzip cut at 45% of its bytes keeps two whole frames (noise barely compresses)
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length * 0.45)));
    // How much the cut stream still inflates to, by zlib's one-shot inflate flushing what it has
    const inflated = gunzipSync(await readFile(path), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).length;
    const frameBytes = 16 * 12 * 10 * 2;
    const whole = Math.floor((inflated - 352) / frameBytes);
    expect(whole).toBeGreaterThan(0);
    for (const frame of [0, 4]) {
      await expect(openScan(path, { frame })).rejects.toMatchObject({
        kind: 'TruncatedFile',
        message: `cut4d.nii.gz is cut short: its header promises 5 frames, its gzip stream holds ${whole} whole; frames ${whole + 1}-5 are missing.`,
      });
    }
  });

  test('a file of no known format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-bad-'));
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'not a scan');
    await expect(openScan(path)).rejects.toMatchObject({ kind: 'UnsupportedFormat', message: expect.stringContaining('notes.txt') });
  });

  test('a missing file', async () => {
    await expect(openScan('/nonexistent/scan.nii')).rejects.toMatchObject({ kind: 'FileNotFound', message: expect.stringContaining('/nonexistent/scan.nii') });
  });

  test('a NIfTI header with an impossible datatype', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-bad-'));
    const path = join(dir, 'complex.nii');
    const bytes = await readFile(join(generatedDir, 'qform_float32.nii'));
    bytes.writeInt16LE(32, 70); // complex64
    await writeFile(path, bytes);
    await expect(openScan(path)).rejects.toMatchObject({ kind: 'UnsupportedDatatype', message: expect.stringContaining('complex.nii') });
  });

  test('an HDF5 filter combination no plugin decodes is named, not silently read as zeros', async () => {
    const source = await openScan(join(generatedDir, 'hdf5_filters', 'unsupported', 'bitshuffle-zstd.h5'));
    await expect(source.readSlab(0, 1)).rejects.toMatchObject({
      kind: 'UnsupportedFilter',
      message: expect.stringMatching(/bitshuffle-zstd\.h5:\/tomo\/volume: its filters \(bitshuffle with zstd \(32008\)\)/),
    });
    await source.close();
  });

  test('a NeXus NXtransformations chain that names a missing transformation', async () => {
    await expect(openScan(join(generatedDir, 'nexus_broken_chain.h5'))).rejects.toMatchObject({
      kind: 'CorruptFile',
      message: expect.stringContaining('nexus_broken_chain.h5:/entry/data/volume: its NXtransformations chain names /entry/sample/transformations/lost'),
    });
  });

  test('a damaged LZF chunk crashes the HDF5 decoder: ReaderCrashed naming the file, and the next file opens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voxbench-lzf-'));
    const path = join(dir, 'damaged-lzf.h5');
    const bytes = await readFile(join(generatedDir, 'hdf5_filters', 'lzf.h5'));
    for (let at = bytes.length >> 1; at < (bytes.length >> 1) + 64; at++) bytes[at]! ^= 0xff;
    await writeFile(path, bytes);
    const source = await openScan(path);
    await expect(source.readSlab(0, source.meta.dims[2])).rejects.toMatchObject({ kind: 'ReaderCrashed', message: expect.stringMatching(/damaged-lzf\.h5:\/tomo\/volume: .*lzf \(32000\)/) });
    await source.close();
    const reference = references('hdf5_filters')['lzf.h5']!;
    expect(await voxelDigest(join(generatedDir, 'hdf5_filters', 'lzf.h5'))).toBe(reference.sha256);
  });
});
