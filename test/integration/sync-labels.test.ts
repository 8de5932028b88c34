// Labels made on a volume opened in place, pushed back to a real RADOS Gateway and catalogue: a scan is published as
// OME-Zarr, opened from s3://, thresholded and cleaned of islands through the segment calls, and its labels pushed;
// zarr-python reads level 0 equal to the labelmap and each coarser level as numpy's 2×2×2 block mode, the NGFF
// image-label holds the segments' names and colours, every level lies where the image's does, and the catalogue
// entry names the image dataset's pid. `voxbench sync push-labels` does the same for a labelmap file made elsewhere
// (nibabel here) on the grid of a dataset in place.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { JobView } from '../../electron/common/syncModel';
import type { Manifest } from '../../electron/services/sync/manifest';
import { createServices } from '../../electron/services/services';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { exited, startDataCentre, syncCli, type DataCentre } from '../dc/dataCentre';
import { downloadPrefix } from '../dc/download';
import { sampleProvenance } from '../dc/sampleFiles';
import { call, labelsOf } from './segmentHarness';

const publishScript = fileURLToPath(new URL('./omeZarrPublishReference.py', import.meta.url));
const labelsScript = fileURLToPath(new URL('./omeZarrLabelsReference.py', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const python = (script: string, ...args: string[]) => JSON.parse(execFileSync('/usr/bin/python3', [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 22 }));

const dims = [150, 131, 97];
let dc: DataCentre;
let host: Host;

beforeAll(async () => {
  dc = await startDataCentre();
  Object.assign(process.env, dc.env);
  await dc.addTarget('dc', { partSize: 5 << 20 });
  host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, sync: { settingsDir: dc.settingsDir }, chunkCache: { dir: join(dc.scratch, 'chunks'), maxBytes: 2 ** 30 } }));
}, 120_000);

afterAll(async () => {
  await host?.close();
  await dc?.close();
});

async function done(job: JobView): Promise<JobView> {
  for (const started = Date.now(); Date.now() - started < 120_000; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const found = (await call(host, 'sync.status', {})).find(({ id }) => id === job.id)!;
    if (found.state === 'done' || found.state === 'failed') return found;
  }
  throw new Error(`job ${job.id} did not finish`);
}

test('threshold + islands on a volume opened in place, pushed as NGFF labels: zarr-python reads the labelmap, its block modes and image-label; the catalogue names the image pid', async () => {
  const scan = join(dc.scratch, 'oblique-ct.nii.gz');
  python(publishScript, 'make', scan, ...dims.map(String), 'int16');
  const image = await done(await call(host, 'sync.push', { target: 'dc', files: [scan], provenance: sampleProvenance, description: 'Oblique CT as OME-Zarr', as: 'ome-zarr' }));
  expect(image.error).toBeUndefined();
  const [dataset] = await call(host, 'sync.datasets', { target: 'dc' });

  const volume = await call(host, 'volume.open', { path: dataset!.omeZarr!.location });
  const volumeId = volume.id;
  for (const name of ['Bright', 'Brighter']) await call(host, 'segment.add', { volumeId, name });
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'threshold', segment: 1, range: [150, 199] } });
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'threshold', segment: 2, range: [200, 260] } });
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'islands', segment: 2, mode: 'removeSmall', minVoxels: 20, connectivity: 6 } });
  const labelmap = await labelsOf(host, volumeId);
  const { segments } = await call(host, 'segment.info', { volumeId });

  const pushed = await done(await call(host, 'sync.pushLabels', { target: 'dc', volumeId, description: 'Bright parts of the oblique CT' }));
  expect(pushed.error).toBeUndefined();
  expect(pushed.files).toEqual([{ name: 'oblique-ct.labels.ome.zarr', size: expect.any(Number) }]);

  const imageManifestText = await dc.serverText(`hospital-a/${image.id}/voxbench-dataset.json`);
  const manifest = JSON.parse(await dc.serverText(`hospital-a/${pushed.id}/voxbench-dataset.json`)) as Manifest;
  expect(manifest.inputScans).toEqual([{ id: image.id, sha256: createHash('sha256').update(imageManifestText).digest('hex') }]);
  expect(manifest.operations.map(({ action }) => action)).toEqual(['add', 'add', 'threshold', 'threshold', 'islands']);

  const folder = join(dc.scratch, 'labels.ome.zarr');
  expect(await downloadPrefix(dc, manifest.omeZarr!.key, folder)).toHaveLength(manifest.omeZarr!.objects);
  const raw = join(dc.scratch, 'labelmap.raw');
  await writeFile(raw, labelmap);
  const check = python(labelsScript, 'check', folder, raw, ...dims.map(String), 'uint8');
  expect(check.errors).toEqual([]);
  expect(check.type).toBe('mode');
  // 150×131×97 → 75×66×49 → 38×33×25: level 0 the labelmap itself, each coarser one numpy's block mode
  expect(check.levels.map(({ shape }: { shape: number[] }) => shape)).toEqual([[97, 131, 150], [49, 66, 75], [25, 33, 38]]);
  for (const level of check.levels) expect(level).toMatchObject({ dtype: 'uint8', differing: 0 });
  expect(check.levels[0].values).toEqual([0, 1, 2]);
  expect(check.imageLabel).toEqual({
    version: '0.4',
    colors: segments.map(({ value, color }) => ({ 'label-value': value, rgba: [...color, 255] })),
    properties: [{ 'label-value': 1, name: 'Bright' }, { 'label-value': 2, name: 'Brighter' }],
    source: { image: `../../${image.id}/oblique-ct.ome.zarr` },
  });
  // The source path leads from the label image to the image's store on the same target.
  const imageStore = posix.normalize(posix.join(manifest.omeZarr!.key, check.imageLabel.source.image));
  // On the image's grid: every level placed where the image's level of the same index lies.
  const transformsOf = (zattrs: string) => (JSON.parse(zattrs) as { multiscales: { datasets: unknown[] }[] }).multiscales[0]!.datasets;
  expect(transformsOf(await readFile(join(folder, '.zattrs'), 'utf8'))).toEqual(transformsOf(await dc.serverText(`${imageStore}/.zattrs`)));

  const [entry] = (await dc.catalogue.datasets()).filter(({ pid }) => pid === pushed.id);
  expect(entry).toMatchObject({ inputDatasets: [image.id], scientificMetadata: { inputScans: [{ id: image.id }] } });
  expect((entry!.scientificMetadata as { operations: { action: string }[] }).operations.map(({ action }) => action)).toContain('islands');
}, 300_000);

test('a volume opened from a local file has no dataset to push labels back to', async () => {
  const scan = join(dc.scratch, 'oblique-ct.nii.gz');
  const { id: volumeId } = await call(host, 'volume.open', { path: scan });
  await call(host, 'segment.add', { volumeId, name: 'Bright' });
  await expect(call(host, 'sync.pushLabels', { target: 'dc', volumeId, description: '' })).rejects.toMatchObject({ kind: 'NotInPlace' });
});

/** nibabel's labelmap of the scan (1 where 150 ≤ value < 200, 2 from 200) on its affine, and the same labels raw, x fastest. */
const NIBABEL_LABELS = `
import sys, nibabel as nib, numpy as np
scan = nib.load(sys.argv[1])
data = np.asarray(scan.dataobj)
labels = ((data >= 150) * 1 + (data >= 200) * 1).astype(np.uint8)
nib.save(nib.Nifti1Image(labels, scan.affine), sys.argv[2])
np.ascontiguousarray(labels.transpose(2, 1, 0)).tofile(sys.argv[3])`;

test('voxbench sync push-labels: a labelmap file on an in-place dataset’s grid goes up as its NGFF label image, zarr-python reads it back, the catalogue names the image pid', async () => {
  const scan = join(dc.scratch, 'cli-ct.nii.gz');
  python(publishScript, 'make', scan, ...dims.map(String), 'int16');
  const image = await done(await call(host, 'sync.push', { target: 'dc', files: [scan], provenance: sampleProvenance, description: 'CT for the CLI', as: 'ome-zarr' }));
  expect(image.error).toBeUndefined();
  const labelmap = join(dc.scratch, 'cli-labels.nii.gz');
  const raw = join(dc.scratch, 'cli-labels.raw');
  execFileSync('/usr/bin/python3', ['-c', NIBABEL_LABELS, scan, labelmap, raw]);

  const run = await exited(syncCli(['push-labels', '--target', 'dc', '--description', 'Labels from nibabel', `s3://dc/${image.id}/cli-ct.ome.zarr`, labelmap], { ...dc.env, XDG_CACHE_HOME: join(dc.scratch, 'cache') }));
  expect(run.code, run.stderr).toBe(0);
  const pushedId = run.stdout.trim();
  const manifest = JSON.parse(await dc.serverText(`hospital-a/${pushedId}/voxbench-dataset.json`)) as Manifest;
  expect(manifest.omeZarr).toMatchObject({ name: 'cli-ct.labels.ome.zarr' });
  expect(manifest.inputScans.map(({ id }) => id)).toEqual([image.id]);

  const folder = join(dc.scratch, 'cli-labels.ome.zarr');
  expect(await downloadPrefix(dc, manifest.omeZarr!.key, folder)).toHaveLength(manifest.omeZarr!.objects);
  const check = python(labelsScript, 'check', folder, raw, ...dims.map(String), 'uint8');
  expect(check.errors).toEqual([]);
  for (const level of check.levels) expect(level).toMatchObject({ dtype: 'uint8', differing: 0 });
  expect(check.levels[0].values).toEqual([0, 1, 2]);
  expect(check.imageLabel).toMatchObject({ version: '0.4', source: { image: `../../${image.id}/cli-ct.ome.zarr` } });
  expect(check.imageLabel.colors.map((color: { 'label-value': number }) => color['label-value'])).toEqual([1, 2]);

  const [entry] = (await dc.catalogue.datasets()).filter(({ pid }) => pid === pushedId);
  expect(entry).toMatchObject({ inputDatasets: [image.id] });
}, 300_000);
