// The Open dialog's preview through the real host: a scan's centre slice, sampled to at most 128 pixels a side and
// windowed to its 1st–99th percentile, equals what numpy makes of nibabel's voxels and pydicom's series; a path
// outside the browse roots is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { ScanPreview } from '../../electron/common/hostFilesCalls';
import { createServices } from '../../electron/services/services';
import { createHost, noDialogs } from '../../electron/shell/host';
import { generatedDir } from '../fixtures/reference';
import { root } from './segmentHarness';

const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, browseRoots: [generatedDir], sync: { settingsDir: mkdtempSync(join(tmpdir(), 'voxbench-preview-')) } }));
afterAll(() => host.close());

/** numpy's preview of a volume held as (x, y, z): the centre z slice, every step-th voxel, the percentile window. */
const NUMPY_PREVIEW = String.raw`
import base64, json, sys
import numpy as np
kind, path = sys.argv[1], sys.argv[2]
if kind == 'nifti':
    import nibabel as nib
    v = np.asarray(nib.load(path).dataobj)
else:
    import glob, pydicom
    slices = [pydicom.dcmread(f) for f in glob.glob(path + '/*') if not f.endswith(('.txt', 'notes.dcm'))]
    slices = [s for s in slices if 'PixelData' in s]
    normal = np.cross(*np.array(slices[0].ImageOrientationPatient, float).reshape(2, 3))
    slices.sort(key=lambda s: float(np.dot(normal, np.array(s.ImagePositionPatient, float))))
    v = np.stack([s.pixel_array * float(getattr(s, 'RescaleSlope', 1)) + float(getattr(s, 'RescaleIntercept', 0)) for s in slices], axis=-1).transpose(1, 0, 2)
nx, ny, nz = v.shape
step = max(1, -(-max(nx, ny) // 128))
s = v[::step, ::step, nz // 2].astype(np.float64).T  # rows: y
flat = np.sort(s.ravel())
lo, hi = flat[int(0.01 * (flat.size - 1))], flat[int(0.99 * (flat.size - 1))]
g = np.clip((s - lo) / ((hi - lo) or 1), 0, 1) * 255
print(json.dumps({'width': int(s.shape[1]), 'height': int(s.shape[0]), 'grey': base64.b64encode(np.floor(g + 0.5).astype(np.uint8).tobytes()).decode()}))`;

async function preview(path: string): Promise<ScanPreview> {
  const reply = await host.dispatch('files.preview', { path });
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { kind: reply.error.kind });
  return reply.result as ScanPreview;
}

const numpy = (kind: string, path: string) => JSON.parse(execFileSync('/usr/bin/python3', ['-c', NUMPY_PREVIEW, kind, path], { encoding: 'utf8' })) as ScanPreview;

test.each([
  ['nifti', 'scaled_int16.nii.gz'],
  ['dicom', 'dicom/ct_signed'],
])('the %s preview of %s equals numpy\'s', async (kind, name) => {
  const path = join(generatedDir, name);
  const ours = await preview(path);
  const expected = numpy(kind, path);
  expect([ours.width, ours.height]).toEqual([expected.width, expected.height]);
  const [a, b] = [Buffer.from(ours.grey, 'base64'), Buffer.from(expected.grey, 'base64')];
  // Rounding of the same float to a grey level may differ by one at an exact half.
  expect(a.every((value, i) => Math.abs(value - b[i]!) <= 1)).toBe(true);
});

test('a path outside the browse roots is refused', async () => {
  await expect(preview(tmpdir())).rejects.toMatchObject({ kind: 'NotPermitted' });
});
