// One DICOM file opens its series (the files beside it with its SeriesInstanceUID), as in Slicer and OHIF; alone,
// it opens as one slice and says why. Dims are pydicom's (make_dicom.py's truth.json).
import { cp, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { dicomReader } from '../../electron/services/io/dicom';
import { readImageHeader } from '../../electron/services/io/dicomHeader';
import { generatedDir, references } from '../fixtures/reference';

const series = join(generatedDir, 'dicom', 'ct_signed');
const truth = references('dicom').ct_signed!;

/** A file of the series (one holding pixels: the folder also has a README and a DICOM file without an image). */
async function oneSlice(): Promise<string> {
  for (const name of (await readdir(series)).sort()) {
    const header = await readImageHeader(join(series, name));
    if (!('skipped' in header)) return name;
  }
  throw new Error('ct_signed holds no image');
}

test('one file of a series opens the whole series, as its folder does', async () => {
  const file = join(series, await oneSlice());
  const fromFile = await dicomReader.open(file, {});
  const fromFolder = await dicomReader.open(series, {});
  expect(fromFile.meta.dims).toEqual(truth.dims);
  expect(fromFile.meta.notice).toBeUndefined();
  expect(fromFile.meta.origin).toEqual(fromFolder.meta.origin);
  expect(await fromFile.readSlab(0, truth.dims[2])).toEqual(await fromFolder.readSlab(0, truth.dims[2]));
});

test('a file alone in its folder opens as one slice and says why', async () => {
  const name = await oneSlice();
  const alone = await mkdtemp(join(tmpdir(), 'voxbench-one-dcm-'));
  await cp(join(series, name), join(alone, name));
  const source = await dicomReader.open(join(alone, name), {});
  expect(source.meta.dims).toEqual([truth.dims[0], truth.dims[1], 1]);
  expect(source.meta.notice).toMatch(new RegExp(`^${name} is the only file of its series \\(CT signed.*\\) in .+/, so it opens as one slice`));
});
