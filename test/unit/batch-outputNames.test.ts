// Each task's labelmap is named after its input as the user gave it (written out by hand): a file less .nii/.gz, a
// series folder by its name, a dataset by its key; inputs sharing a name carry their task index, so no two collide.
import { expect, test } from 'vitest';
import { outputPaths } from '../../electron/services/batch/outputNames';

test('distinct inputs keep their names: a file less .nii.gz, a folder, a dataset by its key', () => {
  expect(outputPaths('/out', ['/scans/scan_0.nii.gz', '/scans/head.nii', '/dicom/series 2/', 's3://dc/ct-scan-1', '/scans/vol.nrrd'])).toEqual([
    '/out/scan_0.labels.nii.gz',
    '/out/head.labels.nii.gz',
    '/out/series 2.labels.nii.gz',
    '/out/ct-scan-1.labels.nii.gz',
    '/out/vol.nrrd.labels.nii.gz',
  ]);
});

test('inputs that share a name (one file name in two folders, one key on two targets) get their task index', () => {
  expect(outputPaths('out', ['/a/scan.nii.gz', 's3://dc/study-1', '/b/scan.nii.gz', 's3://other/study-1', '/c/single.nii.gz'])).toEqual([
    'out/scan.task0.labels.nii.gz',
    'out/study-1.task1.labels.nii.gz',
    'out/scan.task2.labels.nii.gz',
    'out/study-1.task3.labels.nii.gz',
    'out/single.labels.nii.gz',
  ]);
});
