// TIFF stacks, MetaImage and NRRD against the arrays tifffile, Pillow and numpy wrote (make_tiff_meta_nrrd.py):
// voxels bit for bit, geometry in LPS, and bad input refused with a typed error naming the file.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { readHead } from '../../electron/services/io/fileBytes';
import { metaImageReader } from '../../electron/services/io/metaimage';
import { nrrdReader } from '../../electron/services/io/nrrd';
import type { ScanReader } from '../../electron/services/io/reader';
import { tiffReader } from '../../electron/services/io/tiff';
import { slabs } from '../../electron/services/volume/model';
import { generatedDir, references } from '../fixtures/reference';

const FOLDER = 'tiff_meta_nrrd';
const dir = join(generatedDir, FOLDER);
const truth = references(FOLDER);

function readerFor(name: string): ScanReader {
  if (/\.(mha|mhd)$/.test(name)) return metaImageReader;
  if (/\.(nrrd|nhdr)$/.test(name)) return nrrdReader;
  return tiffReader;
}

const openFile = (path: string, frame?: number) => readerFor(path).open(path, frame === undefined ? {} : { frame });

async function digest(path: string, frame?: number): Promise<string> {
  const source = await openFile(path, frame);
  const hash = createHash('sha256');
  for await (const slab of slabs(source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  await source.close();
  return hash.digest('hex');
}

const scratchDirs: string[] = [];
afterAll(() => Promise.all(scratchDirs.map((folder) => rm(folder, { recursive: true, force: true }))));

async function scratch(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'voxbench-tmn-'));
  scratchDirs.push(folder);
  return folder;
}

describe('recognising files', () => {
  test('each reader sniffs its own files and no one else\'s', async () => {
    for (const name of Object.keys(truth).filter((entry) => entry !== 'slices_float32')) {
      const head = await readHead(truth[name]!.path ?? join(dir, name));
      for (const reader of [tiffReader, metaImageReader, nrrdReader]) expect(reader.sniff(head, name), `${reader.format} on ${name}`).toBe(reader === readerFor(name));
    }
  });

  test('a folder of TIFF slices is a TIFF stack, a folder of other files is not', async () => {
    const heads = async (names: string[], folder: string) => Promise.all(names.map(async (entry) => ({ name: entry, head: await readHead(join(folder, entry)) })));
    const slices = Array.from({ length: 12 }, (_, i) => `slice${i + 1}.tif`);
    expect(tiffReader.sniffFolder!(await heads(slices, join(dir, 'slices_float32')))).toBe(true);
    expect(tiffReader.sniffFolder!(await heads(['rotated_int16.mha', 'bigendian_float32.raw', 'lzw_int32.tif'], dir))).toBe(false);
  });
});

describe('frames', () => {
  const hyperstack = truth['hyperstack_uint16.tif'] as unknown as { frames: number; frame1_sha256: string };

  test('an ImageJ hyperstack shows frame 0 and reads any other frame as tifffile does', async () => {
    const path = join(dir, 'hyperstack_uint16.tif');
    const source = await openFile(path, 1);
    expect(source.meta.frames).toEqual({ count: hyperstack.frames, shown: 1 });
    await source.close();
    expect(await digest(path, 1)).toBe(hyperstack.frame1_sha256);
    await expect(openFile(path, 2)).rejects.toMatchObject({ kind: 'NoSuchFrame', message: expect.stringContaining('hyperstack_uint16.tif') });
  });

  test('a NRRD with a trailing list axis reads it as frames', async () => {
    const folder = await scratch();
    const values = Uint8Array.from({ length: 4 * 3 * 2 * 2 }, (_, i) => i);
    const path = join(folder, 'series.nrrd');
    await writeFile(path, Buffer.concat([Buffer.from('NRRD0004\ntype: uint8\ndimension: 4\nsizes: 4 3 2 2\nkinds: domain domain domain list\nencoding: raw\n\n'), values]));
    const source = await nrrdReader.open(path, { frame: 1 });
    expect(source.meta.dims).toEqual([4, 3, 2]);
    expect(Array.from(await source.readSlab(0, 2))).toEqual(Array.from(values.subarray(24)));
    await source.close();
  });
});

describe('NRRD details', () => {
  test('a detached 2-D RAS image with text lines before its data', async () => {
    const folder = await scratch();
    const values = Uint8Array.from({ length: 12 }, (_, i) => 200 - i);
    await writeFile(join(folder, 'image.dat'), Buffer.concat([Buffer.from('P5 comment\nmore text\n'), values]));
    const header = 'NRRD0004\ntype: uchar\ndimension: 2\nsizes: 4 3\nspace: RAS\nspace directions: (0.5,0,0) (0,0.25,0)\nencoding: raw\ndata file: image.dat\nline skip: 2\n';
    await writeFile(join(folder, 'image.nhdr'), header);
    const source = await nrrdReader.open(join(folder, 'image.nhdr'), {});
    expect(source.meta).toMatchObject({ dims: [4, 3, 1], spacing: [0.5, 0.25, 1], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1], unit: 'mm' });
    expect(Array.from(await source.readSlab(0, 1))).toEqual(Array.from(values));
    await source.close();
  });
});

describe('bad input is a typed error naming the file', () => {
  const refused = (promise: Promise<unknown>, kind: string, name: string) => expect(promise).rejects.toMatchObject({ kind, message: expect.stringContaining(name) });

  async function mhdPair(header: (text: string) => string, cutRawTo?: number): Promise<string> {
    const folder = await scratch();
    await copyFile(join(dir, 'bigendian_float32.raw'), join(folder, 'bigendian_float32.raw'));
    if (cutRawTo !== undefined) await truncate(join(folder, 'bigendian_float32.raw'), cutRawTo);
    const path = join(folder, 'scan.mhd');
    await writeFile(path, header(await readFile(join(dir, 'bigendian_float32.mhd'), 'latin1')));
    return path;
  }

  test('MetaImage whose raw data is truncated', async () => {
    await refused(metaImageReader.open(await mhdPair((text) => text, 5000), {}), 'TruncatedFile', 'scan.mhd');
  });

  test('MetaImage whose DimSize does not match the data file', async () => {
    await refused(metaImageReader.open(await mhdPair((text) => text.replace('DimSize = 15 12 9', 'DimSize = 15 12 10')), {}), 'TruncatedFile', 'scan.mhd');
    await refused(metaImageReader.open(await mhdPair((text) => text.replace('DimSize = 15 12 9', 'DimSize = 15 12 8')), {}), 'SizeMismatch', 'scan.mhd');
  });

  test('MetaImage with an unknown ElementType', async () => {
    await refused(metaImageReader.open(await mhdPair((text) => text.replace('MET_FLOAT', 'MET_HALF')), {}), 'UnsupportedDatatype', 'scan.mhd');
  });

  test('compressed MetaImage whose stream is cut short, or inflates to another size', async () => {
    const folder = await scratch();
    const bytes = await readFile(join(dir, 'rotated_int16.mha'));
    await writeFile(join(folder, 'cut.mha'), bytes.subarray(0, bytes.length - 2000));
    await refused(metaImageReader.open(join(folder, 'cut.mha'), {}), 'TruncatedFile', 'cut.mha');
    await writeFile(join(folder, 'small.mha'), Buffer.from(bytes.toString('latin1').replace('DimSize = 23 17 11', 'DimSize = 23 17 10'), 'latin1'));
    await refused(metaImageReader.open(join(folder, 'small.mha'), {}), 'SizeMismatch', 'small.mha');
  });

  test('a colour (RGB) TIFF', async () => {
    await refused(tiffReader.open(join(dir, 'bad', 'rgb.tif'), {}), 'MultiComponent', 'rgb.tif');
  });

  test('a TIFF whose pages differ in size names the page', async () => {
    await refused(tiffReader.open(join(dir, 'bad', 'mixed_pages.tif'), {}), 'MixedPages', 'mixed_pages.tif page 3 of 3');
  });

  test('a folder whose slices differ names the slice', async () => {
    const folder = join(await scratch(), 'stack');
    await mkdir(folder);
    for (const i of [1, 2, 3]) await copyFile(join(dir, 'slices_float32', `slice${i}.tif`), join(folder, `slice${i}.tif`));
    await copyFile(join(dir, 'packbits_uint8.tif'), join(folder, 'slice4.tif'));
    await refused(tiffReader.open(folder, {}), 'MixedPages', 'slice4.tif page 1 of 8');
  });

  test('a folder of numbered slices with numbers missing names the gap', async () => {
    const folder = join(await scratch(), 'gappy');
    await mkdir(folder);
    for (const i of [1, 2, 3, 6, 7]) await copyFile(join(dir, 'slices_float32', `slice${i}.tif`), join(folder, `slice${i}.tif`));
    await refused(tiffReader.open(folder, {}), 'MissingSlices', 'gappy/ jumps from slice3.tif to slice6.tif: 2 slice(s) are missing');
  });

  test('a truncated TIFF, whether the cut falls in a page directory or in pixel data', async () => {
    const readAll = async (path: string) => {
      const source = await tiffReader.open(path, {});
      let bytes = 0;
      for await (const slab of slabs(source)) bytes += slab.byteLength;
      await source.close();
      return bytes;
    };
    for (const [file, cut] of [['bigendian_uint32.tif', 3000], ['imagej_contiguous_uint16.tif', 5000]] as const) {
      const path = join(await scratch(), `cut-${file}`);
      await copyFile(join(dir, file), path);
      await truncate(path, cut);
      await refused(readAll(path), 'TruncatedFile', `cut-${file}`);
    }
  });

  test('a file that only looks like a TIFF', async () => {
    const folder = await scratch();
    await writeFile(join(folder, 'fake.tif'), Buffer.from('II*\0 and then nothing useful'));
    await refused(tiffReader.open(join(folder, 'fake.tif'), {}), 'CorruptFile', 'fake.tif');
  });

  async function nrrd(name: string, header: string, data: Uint8Array = new Uint8Array(24)): Promise<string> {
    const path = join(await scratch(), name);
    await writeFile(path, Buffer.concat([Buffer.from(header), data]));
    return path;
  }

  test('a gzip NRRD whose stream is cut short', async () => {
    const bytes = await readFile(join(dir, 'ras_gzip_int16.nrrd'));
    const path = join(await scratch(), 'cut.nrrd');
    await writeFile(path, bytes.subarray(0, bytes.length - 500));
    await refused(nrrdReader.open(path, {}), 'TruncatedFile', 'cut.nrrd');
  });

  test('NRRD encodings and layouts not supported yet', async () => {
    const head = 'NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4 3 2\n';
    await refused(nrrdReader.open(await nrrd('b.nrrd', `${head}encoding: bzip2\n\n`), {}), 'UnsupportedEncoding', 'b.nrrd');
    const seg = 'NRRD0004\ntype: uint8\ndimension: 4\nsizes: 2 4 3 2\nspace: left-posterior-superior\nspace directions: none (1,0,0) (0,1,0) (0,0,1)\nkinds: list domain domain domain\nencoding: gzip\n\n';
    await refused(nrrdReader.open(await nrrd('layers.seg.nrrd', seg, gzipSync(new Uint8Array(48))), {}), 'MultiComponent', 'layers.seg.nrrd');
    await refused(nrrdReader.open(await nrrd('t.nrrd', 'NRRD0004\ntype: int64\ndimension: 3\nsizes: 4 3 2\nencoding: raw\n\n'), {}), 'UnsupportedDatatype', 't.nrrd');
  });

  test('NRRD whose sizes do not match its data', async () => {
    const head = 'NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4 3 3\nencoding: raw\n\n';
    await refused(nrrdReader.open(await nrrd('short.nrrd', head), {}), 'TruncatedFile', 'short.nrrd');
    const detached = await nrrd('scan.nhdr', 'NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4 3 2\nencoding: raw\ndata file: missing.raw\n', new Uint8Array());
    await refused(nrrdReader.open(detached, {}), 'FileNotFound', 'missing.raw');
  });

  test('a size too large to allocate is refused before reading', async () => {
    const path = await mhdPair((text) => text.replace('DimSize = 15 12 9', 'DimSize = 2000000 2000000 9'));
    await refused(metaImageReader.open(path, {}), 'TooLarge', basename(path));
  });
});
