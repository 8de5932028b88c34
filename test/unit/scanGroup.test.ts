// Files chosen together: which of them, or which folder, the page opens.
import { describe, expect, test } from 'vitest';
import { commonFolder, scansToOpen } from '../../renderer/state/scanGroup';

describe('scansToOpen', () => {
  test('one file opens as it is', () => {
    expect(scansToOpen(['/up/file-1/a.dcm'])).toEqual(['/up/file-1/a.dcm']);
  });

  test('a DICOM series (named with or without .dcm, notes beside it) and a TIFF stack open as their folder', () => {
    expect(scansToOpen(['/up/f/08ec18cd', '/up/f/4fd42fa0.dcm', '/up/f/README.txt'])).toEqual(['/up/f']);
    expect(scansToOpen(['/up/f/slice1.tif', '/up/f/slice2.tif'])).toEqual(['/up/f']);
  });

  test('a header and its data open as the header', () => {
    expect(scansToOpen(['/up/f/scan.raw', '/up/f/scan.mhd'])).toEqual(['/up/f/scan.mhd']);
    expect(scansToOpen(['/up/f/d.NHDR', '/up/f/d.raw.gz'])).toEqual(['/up/f/d.NHDR']);
  });

  test('files that each hold a whole scan open one by one', () => {
    expect(scansToOpen(['/up/f/a.nii.gz', '/up/f/b.tif', '/up/f/c.h5'])).toEqual(['/up/f/a.nii.gz', '/up/f/b.tif', '/up/f/c.h5']);
  });
});

test('commonFolder is the deepest folder all paths share, in their own separator', () => {
  expect(commonFolder(['/scans/ct/1', '/scans/ct/2'])).toBe('/scans/ct');
  expect(commonFolder(['/scans/ct/a/1', '/scans/ct/b/2'])).toBe('/scans/ct');
  expect(commonFolder(['/a/1', '/b/2'])).toBe('/');
  expect(commonFolder(['C:\\scans\\ct\\1', 'C:\\scans\\ct\\2'])).toBe('C:\\scans\\ct');
});
