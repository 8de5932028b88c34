// Labelmap export (NIfTI, .seg.nrrd, HDF5) read back by nibabel/h5py/numpy; import of NIfTI and Slicer
// .seg.nrrd labelmaps as segments; statistics CSV.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import { call, fixture, labelsOf, onPhantomHost, reference, scratch, scratchFile, summary } from './segmentHarness';

let host: Host;
let id: string;

onPhantomHost((opened, volumeId) => ([host, id] = [opened, volumeId]));

test('a Slicer .seg.nrrd imports with its names and colours; exports read back equal in nibabel, h5py and numpy', { timeout: 90_000 }, async () => {
  const imported = await call(host, 'segment.import', { volumeId: id, path: fixture('labels.seg.nrrd') });
  expect(imported.segments).toEqual([
    { value: 2, name: 'Box wall', color: [230, 220, 70], visible: true, locked: false },
    { value: 7, name: 'Balls', color: [111, 184, 210], visible: true, locked: false },
  ]);
  const labels = await labelsOf(host, id);
  expect(summary(labels, 2)).toEqual(reference({ job: 'threshold', image: fixture('phantom.nii.gz'), range: [300, 300] }));
  const log = await call(host, 'segment.log', { volumeId: id });
  expect(log.at(-1)).toMatchObject({ action: 'import', params: { provenance: { source: 'file', path: fixture('labels.seg.nrrd') } } });

  const paths = { nifti: join(scratch, 'out.nii.gz'), nrrd: join(scratch, 'out.seg.nrrd'), hdf5: join(scratch, 'out.h5') };
  for (const path of Object.values(paths)) expect((await call(host, 'segment.export', { volumeId: id, path })).path).toBe(path);
  const read = reference<{ niftiEqual: boolean; niftiDtype: string; niftiAffine: number[][]; hdf5Equal: boolean; nrrdEqual: boolean; nrrdType: string; nrrdFields: Record<string, string> }>({
    job: 'exports',
    labels: scratchFile(labels),
    dtype: 'uint8',
    shape: [48, 40, 36],
    ...paths,
  });
  expect(read).toMatchObject({ niftiEqual: true, niftiDtype: 'uint8', hdf5Equal: true, nrrdEqual: true, nrrdType: 'uint8' });
  expect(read.niftiAffine[0]![3]).toBeCloseTo(10, 5);
  expect(read.nrrdFields).toMatchObject({
    Segment0_ID: 'Segment_2',
    Segment0_Name: 'Box wall',
    Segment0_LabelValue: '2',
    Segment0_Layer: '0',
    Segment0_Extent: '30 43 22 35 18 31',
    Segment1_Name: 'Balls',
    Segment1_LabelValue: '7',
    Segmentation_MasterRepresentation: 'Binary labelmap',
  });
  expect(read.nrrdFields.Segment0_Color!.split(' ').map((c) => Math.round(Number(c) * 255))).toEqual([230, 220, 70]);
});

test('a NIfTI labelmap imports beside existing segments, its values renamed where taken', async () => {
  const volumeId = (await call(host, 'volume.open', { path: fixture('phantom.nii.gz') })).id;
  await call(host, 'segment.add', { volumeId, name: 'Mine' });
  await call(host, 'segment.add', { volumeId, name: 'Also mine' });
  const info = await call(host, 'segment.import', { volumeId, path: fixture('labels.nii.gz') });
  expect(info.segments.map((s) => [s.value, s.name])).toEqual([[1, 'Mine'], [2, 'Also mine'], [3, 'Label 2'], [7, 'Label 7']]);
  const labels = await labelsOf(host, volumeId);
  expect(summary(labels, 3)).toEqual(reference({ job: 'threshold', image: fixture('phantom.nii.gz'), range: [300, 300] }));
  expect(summary(labels, 2).count).toBe(0);
});

test('a labelmap on another grid, or a format Voxbench cannot write, is a typed error naming the file', async () => {
  await expect(call(host, 'segment.import', { volumeId: id, path: fixture('wrong_grid.nii.gz') })).rejects.toMatchObject({ kind: 'GridMismatch', message: expect.stringContaining('wrong_grid.nii.gz is 10×10×10') });
  await expect(call(host, 'segment.export', { volumeId: id, path: join(scratch, 'labels.tif') })).rejects.toMatchObject({ kind: 'UnsupportedFormat', message: expect.stringContaining('labels.tif') });
});

test('statistics export as CSV, one row per segment', async () => {
  const path = join(scratch, 'stats.csv');
  await call(host, 'segment.exportStatistics', { volumeId: id, path });
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  expect(header).toBe('label,name,voxels,volume_mm3,mean,std,min,max,surface_area_mm2,x_min,y_min,z_min,x_max,y_max,z_max');
  expect(rows.map((row) => row.split(',').slice(0, 3))).toEqual([['2', 'Box wall', '2528'], ['7', 'Balls', expect.any(String)]]);
  expect(rows[0]!.split(',').slice(9)).toEqual(['30', '22', '18', '43', '35', '31']);
});

test('a label value over 255 widens the labelmap to uint16, served and exported as such', { timeout: 60_000 }, async () => {
  const volumeId = (await call(host, 'volume.open', { path: fixture('phantom.nii.gz') })).id;
  await call(host, 'segment.add', { volumeId });
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'threshold', segment: 1, range: [100, 104] } });
  const info = await call(host, 'segment.add', { volumeId, value: 300, name: 'Wide' });
  expect(info.dtype).toBe('uint16');
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'threshold', segment: 300, range: [300, 300] } });
  const bytes = await labelsOf(host, volumeId);
  expect(bytes.length).toBe(48 * 40 * 36 * 2);
  const labels = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  expect(summary(labels, 300)).toEqual(reference({ job: 'threshold', image: fixture('phantom.nii.gz'), range: [300, 300] }));
  expect(summary(labels, 1)).toEqual(reference({ job: 'threshold', image: fixture('phantom.nii.gz'), range: [100, 104] }));
  const paths = { nifti: join(scratch, 'wide.nii.gz'), nrrd: join(scratch, 'wide.seg.nrrd'), hdf5: join(scratch, 'wide.h5') };
  for (const path of Object.values(paths)) await call(host, 'segment.export', { volumeId, path });
  const read = reference({ job: 'exports', labels: scratchFile(bytes), dtype: 'uint16', shape: [48, 40, 36], ...paths });
  expect(read).toMatchObject({ niftiEqual: true, niftiDtype: 'uint16', hdf5Equal: true, nrrdEqual: true, nrrdType: 'uint16' });
});
