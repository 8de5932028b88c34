// The DICOM reader against pydicom + numpy (make_dicom.py): voxels bit for bit, geometry in LPS. Besides the
// series pydicom writes (and GDCM transcodes to JPEG lossless, JPEG-LS and JPEG 2000), it reads files made by
// other software where their packages installed them: Debian's python3-pydicom test files (MR_small in every
// syntax, CT_small, JPEG 2000, RT Dose, deflate, 12-bit JPEG; "pydicom/…"), python3-nibabel's Siemens MR files with
// decimal rescale and JPEG 2000 ("nibabel/…"), libgdcm3.0's X-ray angiography example ("gdcm/…") and npm's
// jpeg-lossless-decoder-js test files, every JPEG lossless predictor ("jpeg-lossless-decoder-js/…"). 12-bit JPEG
// (pydicom's two files, and jpeg_extended, a series DCMTK's dcmcjpeg +ee encoded) is compared with DCMTK's dcmdjpeg.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dicomReader } from '../../electron/services/io/dicom';
import { readImageHeader, type ImageHeader } from '../../electron/services/io/dicomHeader';
import { slabs, type VolumeSource, type VoxelArray } from '../../electron/services/volume/model';
import { expectMatchesReference, generatedDir, references, type Reference } from '../fixtures/reference';

const dicomDir = join(generatedDir, 'dicom');
const truth = references('dicom') as Record<string, Reference>;
const PYDICOM_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

const sha256 = (slab: VoxelArray) => createHash('sha256').update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength)).digest('hex');

/** Opens a truth entry: "folder/Series description" picks that series among the folder's candidates. */
async function openEntry(key: string, reference: Reference): Promise<VolumeSource> {
  if (reference.path) return dicomReader.open(reference.path, {});
  const [folder, series] = key.split('/') as [string, string | undefined];
  const path = join(dicomDir, folder);
  const choice = series ? (await dicomReader.candidates!(path)).find(({ label }) => label.startsWith(series))?.choice : undefined;
  return dicomReader.open(path, { choice });
}

async function digest(source: VolumeSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const slab of slabs(source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  return hash.digest('hex');
}

async function tempCopy(folder: string): Promise<string> {
  const target = join(await mkdtemp(join(tmpdir(), 'voxbench-dicom-')), folder);
  await cp(join(dicomDir, folder), target, { recursive: true });
  return target;
}

async function headersOf(folder: string): Promise<ImageHeader[]> {
  const headers = await Promise.all((await readdir(folder)).map((name) => readImageHeader(join(folder, name))));
  return headers.filter((header): header is ImageHeader => !('skipped' in header));
}

// Lossy streams too (jpeg_baseline, JPEG2000.dcm, 693_J2KI.dcm) are compared exactly: libjpeg-turbo's and
// GDCM's default integer IDCT, and both builds of OpenJPEG, give the same values here.
describe.each(Object.entries(truth))('%s', (key, reference) => {
  test("voxels equal pydicom's, bit for bit", async () => {
    const source = await openEntry(key, reference);
    expect(await digest(source)).toBe(reference.sha256);
    await source.close();
  });

  test('geometry, type, units and value range match', async () => {
    const source = await openEntry(key, reference);
    expect(source.meta.format).toBe('dicom');
    await expectMatchesReference(source, reference);
    await source.close();
  });
});

describe('a folder of series', () => {
  const path = join(dicomDir, 'two_series');

  test('candidates list each series with its size; choice opens it', async () => {
    const candidates = await dicomReader.candidates!(path);
    expect(candidates.map(({ label, dims }) => ({ label, dims }))).toEqual([
      { label: 'CT chest (series 3)', dims: [40, 32, 8] },
      { label: 'PET (series 4)', dims: [20, 16, 6] },
    ]);
    const pet = await dicomReader.open(path, { choice: candidates[1]!.choice });
    expect(pet.meta).toMatchObject({ dims: [20, 16, 6], valueUnit: 'BQML', dtype: 'float32' });
  });

  test('without a choice, the series with the most slices opens', async () => {
    const source = await dicomReader.open(path, {});
    expect(source.meta.dims).toEqual([40, 32, 8]);
    expect(source.meta.name).toContain('CT chest');
  });

  test('an unknown choice is a typed error listing the series there are', async () => {
    await expect(dicomReader.open(path, { choice: '1.2.3' })).rejects.toMatchObject({ kind: 'NoSuchSeries', message: expect.stringContaining('PET (series 4)') });
  });

  test('shuffled files under random names, a text file and an image-less DICOM file among them, make one series', async () => {
    const folder = join(dicomDir, 'ct_signed');
    const names = (await readdir(folder)).sort();
    expect(names).toContain('README.txt');
    const depths = (await Promise.all(names.map((name) => readImageHeader(join(folder, name)))))
      .filter((header): header is ImageHeader => !('skipped' in header))
      .map((header) => header.positions[0]![2]);
    expect(depths).not.toEqual([...depths].sort((a, b) => a - b));
    expect(await dicomReader.candidates!(folder)).toHaveLength(1);
  });
});

describe('slabs', () => {
  test('a slab holds the same voxels as those slices of the whole volume', async () => {
    const source = await dicomReader.open(join(dicomDir, 'mr_oblique_bigendian'), {});
    const whole = await source.readSlab(0, 10);
    const slice = 36 * 24;
    expect(sha256(await source.readSlab(4, 3))).toBe(sha256(whole.subarray(4 * slice, 7 * slice)));
    await expect(source.readSlab(9, 2)).rejects.toMatchObject({ kind: 'BadRegion' });
  });

  test('a slab decodes only the files of its slices', async () => {
    const folder = await tempCopy('rle');
    const source = await dicomReader.open(folder, {});
    const headers = (await headersOf(folder)).sort((a, b) => a.positions[0]![2] - b.positions[0]![2]);
    const reference = sha256(await source.readSlab(5, 2));
    await writeFile(headers[0]!.path, Buffer.alloc(256));
    expect(sha256(await source.readSlab(5, 2))).toBe(reference);
    await expect(source.readSlab(0, 1)).rejects.toMatchObject({ message: expect.stringContaining(headers[0]!.name) });
  });
});

describe('bad input is a typed error naming the file or series', () => {
  test('a missing slice is UnevenSlices naming the series and the gap, not a stretched volume', async () => {
    await expect(dicomReader.open(join(dicomDir, 'missing_slice'), {})).rejects.toMatchObject({
      kind: 'UnevenSlices',
      message: expect.stringMatching(/CT with a gap \(series 1\).*is 5 mm where the series steps 2\.5 mm: about 1 slice is missing/),
    });
  });

  test('a file cut short inside its pixels, alone or in a series', async () => {
    const folder = await tempCopy('ct_unsigned_implicit');
    const [victim] = await headersOf(folder);
    await truncate(victim!.path, victim!.fileSize - 100);
    const cut = { kind: 'TruncatedFile', message: expect.stringContaining(victim!.name) };
    await expect(dicomReader.open(victim!.path, {})).rejects.toMatchObject(cut);
    await expect(dicomReader.open(folder, {})).rejects.toMatchObject(cut);
  });

  test('a file cut short inside its header', async () => {
    const folder = await tempCopy('ct_signed');
    const [victim] = await headersOf(folder);
    await truncate(victim!.path, 400);
    await expect(dicomReader.open(victim!.path, {})).rejects.toMatchObject({ kind: expect.stringMatching(/TruncatedFile|CorruptFile/), message: expect.stringContaining(victim!.name) });
  });

  test("pydicom's own truncated file (MR_truncated.dcm, python3-pydicom)", async () => {
    await expect(dicomReader.open(join(PYDICOM_FILES, 'MR_truncated.dcm'), {})).rejects.toMatchObject({ kind: 'TruncatedFile', message: expect.stringContaining('MR_truncated.dcm') });
  });

  test('a transfer syntax without a decoder names its UID and name', async () => {
    await expect(dicomReader.open(join(dicomDir, 'bad', 'mpeg2.dcm'), {})).rejects.toMatchObject({
      kind: 'UnsupportedTransferSyntax',
      message: expect.stringMatching(/mpeg2\.dcm uses transfer syntax 1\.2\.840\.10008\.1\.2\.4\.100 \(MPEG2 Main Profile/),
    });
  });

  test('a 12-bit JPEG stream cut short inside a well-formed file is CorruptFile naming it, not grey voxels', async () => {
    const source = await dicomReader.open(join(dicomDir, 'bad', 'jpeg12_cut.dcm'), {});
    await expect(source.readSlab(0, 1)).rejects.toMatchObject({ kind: 'CorruptFile', message: expect.stringMatching(/jpeg12_cut\.dcm: its JPEG Extended .* cut short/) });
    await source.close();
  });

  test('absurd headers are refused before anything is allocated', async () => {
    await expect(dicomReader.open(join(dicomDir, 'bad', 'huge_rows.dcm'), {})).rejects.toMatchObject({ kind: 'TruncatedFile', message: expect.stringContaining('60000×60000×5000') });
    await expect(dicomReader.open(join(dicomDir, 'bad', 'many_frames_rle.dcm'), {})).rejects.toMatchObject({ kind: 'TruncatedFile', message: expect.stringContaining('100000000 compressed frames') });
    await expect(dicomReader.open(join(dicomDir, 'bad', 'zero_rows.dcm'), {})).rejects.toMatchObject({ kind: 'CorruptFile', message: expect.stringContaining('0 rows') });
  });

  test('colour images and DICOM without pixels', async () => {
    await expect(dicomReader.open(join(PYDICOM_FILES, 'SC_rgb_rle_16bit.dcm'), {})).rejects.toMatchObject({ kind: 'UnsupportedImage', message: expect.stringContaining('SC_rgb_rle_16bit.dcm holds 16-bit RGB') });
    await expect(dicomReader.open(join(PYDICOM_FILES, 'rtplan.dcm'), {})).rejects.toMatchObject({ kind: 'NoImage', message: expect.stringContaining('rtplan.dcm') });
    // Nested private sequences dicom-parser cannot walk, then a 2-byte Pixel Data and no Rows or Columns (pydicom.dcmread).
    await expect(dicomReader.open(join(PYDICOM_FILES, 'nested_priv_SQ.dcm'), {})).rejects.toMatchObject({ kind: 'NoImage', message: expect.stringContaining('nested_priv_SQ.dcm') });
  });

  // pydicom's pixel_array (YBR_FULL_422 upsampled, not colour-converted) reduced to luminance by numpy: Y itself,
  // or BT.601's 0.299 R + 0.587 G + 0.114 B rounded half up.
  test.each([
    ['SC_rgb_small_odd.dcm', 'np.floor(a[..., 0] * 0.299 + a[..., 1] * 0.587 + a[..., 2] * 0.114 + 0.5)'],
    ['SC_ybr_full_422_uncompressed.dcm', 'a[..., 0]'],
  ])("uncompressed colour opens as its luminance: %s, voxels equal pydicom + numpy's", async (name, formula) => {
    const script = `import hashlib, numpy as np, pydicom\na = pydicom.dcmread(${JSON.stringify(join(PYDICOM_FILES, name))}).pixel_array.astype(np.float64)\nprint(hashlib.sha256((${formula}).astype(np.uint8).tobytes()).hexdigest())`;
    const expected = execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }).trim();
    const source = await dicomReader.open(join(PYDICOM_FILES, name), {});
    expect(source.meta.dtype).toBe('uint8');
    expect(await digest(source)).toBe(expected);
    await source.close();
  });

  // Compressed colour against pydicom 2.3 (GDCM, Pillow) + numpy: pydicom leaves YBR as YBR, which its own
  // convert_color_space turns into RGB (clamped, as a viewer shows it); then BT.601 as above. Lossy JPEG too agrees
  // exactly: libjpeg-turbo is told by an APP14 marker whether the header says YCbCr (SC_jpeg_no_color_transform.dcm
  // has no marker and component IDs 0, 1, 2, which libjpeg alone would take for YCbCr).
  test.each([
    'SC_rgb_rle.dcm',
    'SC_rgb_rle_2frame.dcm',
    'SC_rgb_jpeg_gdcm.dcm', // JPEG lossless
    'SC_rgb_gdcm_KY.dcm', // JPEG 2000, RGB
    'GDCMJ2K_TextGBR.dcm', // JPEG 2000 lossless, YBR_RCT (pydicom gives RGB)
    'SC_rgb_dcmtk_+eb+cr.dcm', // baseline JPEG of RGB
    'SC_rgb_dcmtk_+eb+cy+n1.dcm', // baseline JPEG, YBR_FULL
    'SC_rgb_dcmtk_+eb+cy+np.dcm', // baseline JPEG, YBR_FULL_422
    'SC_rgb_jpeg_dcmtk.dcm', // baseline JPEG, YBR_FULL
    'SC_rgb_jpeg_app14_dcmd.dcm', // RGB with its own Adobe APP14 marker
    'SC_jpeg_no_color_transform.dcm', // RGB, no marker
    'SC_rgb_small_odd_jpeg.dcm',
  ])("compressed colour opens as its luminance: %s, voxels equal pydicom + numpy's", async (name) => {
    const script = [
      'import base64, numpy as np, pydicom',
      'from pydicom.pixel_data_handlers.util import convert_color_space',
      `ds = pydicom.dcmread(${JSON.stringify(join(PYDICOM_FILES, name))})`,
      "a = convert_color_space(ds.pixel_array, ds.PhotometricInterpretation, 'RGB') if ds.PhotometricInterpretation in ('YBR_FULL', 'YBR_FULL_422') else ds.pixel_array",
      'a = a.astype(np.float64)',
      'y = np.floor(a[..., 0] * 0.299 + a[..., 1] * 0.587 + a[..., 2] * 0.114 + 0.5)',
      'print(base64.b64encode(y.astype(np.uint8).tobytes()).decode())',
    ].join('\n');
    const expected = Buffer.from(execFileSync('/usr/bin/python3', ['-W', 'ignore', '-c', script], { encoding: 'utf8' }).trim(), 'base64');
    // The file alone: in pydicom's folder some share a series with another encoding of the same image, which one file opens with it.
    const alone = await mkdtemp(join(tmpdir(), 'voxbench-colour-'));
    await cp(join(PYDICOM_FILES, name), join(alone, name));
    const source = await dicomReader.open(join(alone, name), {});
    expect(source.meta.dtype).toBe('uint8');
    const parts: Buffer[] = [];
    for await (const slab of slabs(source)) parts.push(Buffer.from(slab.buffer, slab.byteOffset, slab.byteLength));
    await source.close();
    expect(Buffer.concat(parts).equals(expected)).toBe(true);
  });

  test('a folder without DICOM images', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'voxbench-dicom-'));
    await writeFile(join(folder, 'notes.txt'), 'no scan here');
    await expect(dicomReader.open(folder, {})).rejects.toMatchObject({ kind: 'NoImage', message: expect.stringContaining('1 files looked at') });
  });
});

describe('sniffing', () => {
  test("'DICM' at byte 128, or a bare data set; nothing else", async () => {
    const head = async (path: string) => new Uint8Array(await readFile(path)).subarray(0, 1024);
    expect(dicomReader.sniff(await head(join(PYDICOM_FILES, 'CT_small.dcm')), 'CT_small.dcm')).toBe(true);
    expect(dicomReader.sniff(await head(join(dicomDir, 'bare_implicit.dcm')), 'bare_implicit.dcm')).toBe(true);
    expect(dicomReader.sniff(await head(join(generatedDir, 'qform_float32.nii')), 'qform_float32.nii')).toBe(false);
    expect(dicomReader.sniff(new TextEncoder().encode('not a scan'), 'notes.txt')).toBe(false);
    const files = [{ name: 'README.txt', head: new TextEncoder().encode('text') }, { name: 'IM1', head: await head(join(PYDICOM_FILES, 'MR_small.dcm')) }];
    expect(dicomReader.sniffFolder!(files)).toBe(true);
    expect(dicomReader.sniffFolder!(files.slice(0, 1))).toBe(false);
  });
});
