// What the cluster uploads are named by: SHA-256 over each file's "/"-separated name, NUL, size, NUL and bytes, in
// name order (the golden values from hashlib.sha256 over those bytes, written out by hand), folders walked whole;
// and how an upload's progress is told (counted by hand).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { byteTally, contentHash, filesUnder } from '../../electron/services/batch/contentUpload';

test('one file: its name relative to its folder, its size and its bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'voxbench-upload-'));
  writeFileSync(join(dir, 'a.txt'), 'abc');
  const files = await filesUnder(join(dir, 'a.txt'), dir);
  expect(files.map(({ path, bytes }) => ({ path, bytes }))).toEqual([{ path: 'a.txt', bytes: 3 }]);
  expect(await contentHash(files)).toBe('35d7079044e5c07bf7fd67f3d7302929e0a81439d6b6c7744e1d6c3433e9ef30');
});

test('a folder (a DICOM series): every file under it, sorted, named with the folder', async () => {
  const base = mkdtempSync(join(tmpdir(), 'voxbench-upload-'));
  mkdirSync(join(base, 'dir'));
  writeFileSync(join(base, 'dir', 'y'), 'yy');
  writeFileSync(join(base, 'dir', 'x'), 'x');
  const files = await filesUnder(join(base, 'dir'), base);
  expect(files.map(({ path }) => path)).toEqual(['dir/x', 'dir/y']);
  expect(await contentHash(files)).toBe('c00a8202c3e31f4756969faed5fe7489759b5522d19e3301771f159530b56c5d');
});

test('a scan that is not there is named in the error', async () => {
  await expect(filesUnder('/no/such/scan.nii.gz', '/no/such')).rejects.toMatchObject({ kind: 'FileNotFound', message: expect.stringMatching(/^\/no\/such\/scan\.nii\.gz: /) });
});

test('upload progress: the first piece and the last are told at once, those between at most every 200 ms', () => {
  const told: [number, number, string][] = [];
  const sent = byteTally(10, '2 scans', (...event) => told.push(event));
  for (const bytes of [1, 2, 3, 4]) sent(bytes);
  expect(told).toEqual([
    [1, 10, '2 scans'],
    [10, 10, '2 scans'],
  ]);
});
