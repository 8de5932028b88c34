// JPEG 2000 DICOM decoded by the addon's vendored OpenJPEG (native/src/j2k_frames.h) and by OpenJPEG in wasm: every
// greyscale JPEG 2000 scan of the DICOM truth (make_dicom.py: GDCM's lossless series, pydicom's lossless and lossy
// files, read by pydicom + GDCM) bit for bit on both paths, and a damaged frame as an error naming its file.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { readImageHeader, type ImageHeader } from '../../electron/services/io/dicomHeader';
import { loadNativeKernels } from '../../electron/services/segment/kernels/native';
import { slabs, type VolumeSource } from '../../electron/services/volume/model';
import { generatedDir, references, type Reference } from '../fixtures/reference';

type DicomModule = typeof import('../../electron/services/io/dicom.js');
const dicomDir = join(generatedDir, 'dicom');
const truth = references('dicom') as Record<string, Reference>;
/** The file, or the folder (a key "folder/Series description" names a series in it). */
const pathOf = (key: string, reference: Reference) => reference.path ?? join(dicomDir, key.split('/')[0]!);

async function firstImage(path: string): Promise<ImageHeader | undefined> {
  const files = path.endsWith('.dcm') ? [path] : (await readdir(path)).map((name) => join(path, name));
  for (const file of files) {
    const header = await readImageHeader(file).catch(() => undefined);
    if (header && !('skipped' in header)) return header;
  }
  return undefined;
}

async function digest(source: VolumeSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const slab of slabs(source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  await source.close();
  return hash.digest('hex');
}

/** The DICOM reader as loaded with the addon (native) or with VOXBENCH_KERNELS=typescript (wasm). */
async function readerOn(backend: 'native' | 'wasm'): Promise<DicomModule['dicomReader']> {
  process.env.VOXBENCH_KERNELS = backend === 'wasm' ? 'typescript' : '';
  vi.resetModules();
  const { dicomReader } = (await import('../../electron/services/io/dicom.js')) as DicomModule;
  process.env.VOXBENCH_KERNELS = '';
  return dicomReader;
}

let j2kEntries: [string, Reference][] = [];
beforeAll(async () => {
  execFileSync(process.execPath, ['build/native.mjs'], { stdio: 'inherit' });
  const encodings = await Promise.all(Object.entries(truth).map(async ([key, reference]) => (await firstImage(pathOf(key, reference)))?.encoding));
  j2kEntries = Object.entries(truth).filter((_, i) => encodings[i] === 'j2k');
}, 180_000);

test('the addon was built with OpenJPEG, and the truth holds lossless and lossy JPEG 2000 scans', async () => {
  expect(loadNativeKernels()?.decodeJ2kFrames).toBeTypeOf('function');
  const syntaxes = await Promise.all(j2kEntries.map(async ([key, reference]) => (await firstImage(pathOf(key, reference)))!.transferSyntax));
  expect(new Set(syntaxes)).toEqual(new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']));
  expect(j2kEntries.map(([key]) => key)).toEqual(expect.arrayContaining(['j2k_lossless', 'pydicom/JPEG2000.dcm', 'pydicom/693_J2KI.dcm', 'pydicom/J2K_pixelrep_mismatch.dcm']));
});

describe.each(['native', 'wasm'] as const)('%s decoder', (backend) => {
  let reader: DicomModule['dicomReader'];
  beforeAll(async () => {
    reader = await readerOn(backend);
  });

  test("every JPEG 2000 scan's voxels equal pydicom + GDCM's, bit for bit", { timeout: 60_000 }, async () => {
    for (const [key, reference] of j2kEntries) expect([key, await digest(await reader.open(pathOf(key, reference), {}))]).toEqual([key, reference.sha256]);
  });

  test('a damaged frame is an error naming its file; the other files still read', async () => {
    const folder = join(await mkdtemp(join(tmpdir(), 'voxbench-j2k-')), 'j2k_lossless');
    await cp(join(dicomDir, 'j2k_lossless'), folder, { recursive: true });
    const headers = (await Promise.all((await readdir(folder)).map((name) => readImageHeader(join(folder, name))))).filter((h): h is ImageHeader => !('skipped' in h));
    const damaged = headers.sort((a, b) => a.positions[0]![2] - b.positions[0]![2])[headers.length >> 1]!; // the middle slice
    const bytes = await readFile(damaged.path);
    // Zeros from the first tile-part (SOT marker FF 90 after the codestream's SOC FF 4F) to the sequence delimiter.
    const start = bytes.indexOf(Buffer.from([0xff, 0x4f, 0xff, 0x51]));
    bytes.fill(0, bytes.indexOf(Buffer.from([0xff, 0x90]), start), bytes.length - 8);
    await writeFile(damaged.path, bytes);
    const source = await reader.open(folder, {});
    await expect(source.readSlab(0, source.meta.dims[2])).rejects.toMatchObject({ kind: 'CorruptFile', message: expect.stringContaining(`${damaged.name}: its JPEG 2000 Image Compression (Lossless Only) data cannot be decoded`) });
    expect((await source.readSlab(0, 1)).length).toBe(source.meta.dims[0] * source.meta.dims[1]);
  });
});

test('the addon reports each failing frame and decodes the others: a codestream cut short, an empty one', async () => {
  const decode = loadNativeKernels()!.decodeJ2kFrames!;
  const image = (await firstImage(join(dicomDir, 'j2k_lossless')))!;
  const { openFrames } = await import('../../electron/services/io/dicomPixels.js');
  const { decodeFrame } = await import('../../electron/services/io/dicomCodecs.js');
  const stream = (await openFrames(image)).encoded!(0);
  const frames = [stream, stream.subarray(0, stream.length >> 1), new Uint8Array(0), stream];
  const offsets = new Float64Array(frames.length + 1);
  frames.forEach((bytes, i) => (offsets[i + 1] = offsets[i]! + bytes.length));
  const streams = new Uint8Array(offsets[frames.length]!);
  frames.forEach((bytes, i) => streams.set(bytes, offsets[i]));
  const frameBytes = image.rows * image.columns * 2;
  const target = new Uint8Array(frames.length * frameBytes);
  expect(await decode(streams, offsets, target, image.rows, image.columns, 2, 2)).toEqual([
    { frame: 1, reason: 'Tile part length size inconsistent with stream length' },
    { frame: 2, reason: 'Expected a SOC marker' },
  ]);
  // The whole streams' samples as OpenJPEG in wasm gives them.
  const decoded = await decodeFrame('j2k', stream, { rows: image.rows, columns: image.columns, width: 2, samples: 1 }, image.name, image.transferSyntax);
  const wasm = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length);
  expect(target.subarray(0, frameBytes)).toEqual(wasm);
  expect(target.subarray(3 * frameBytes)).toEqual(wasm);
  expect(() => decode(streams, offsets, target, image.rows + 1, image.columns, 2, 2)).toThrow('the target does not hold the frames');
  // A frame of another size or depth than the header says is refused, not cut or widened.
  const one = new Float64Array([0, stream.length]);
  expect(await decode(stream, one, new Uint8Array((image.rows + 1) * image.columns * 2), image.rows + 1, image.columns, 2, 1)).toEqual([
    { frame: 0, reason: `it decodes to ${image.columns}×${image.rows}, the header says ${image.columns}×${image.rows + 1}` },
  ]);
  expect(await decode(stream, one, new Uint8Array(image.rows * image.columns), image.rows, image.columns, 1, 1)).toEqual([{ frame: 0, reason: 'it holds 16-bit samples, the header allocates 8' }]);
});
