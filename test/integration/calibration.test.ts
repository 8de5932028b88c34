// A file with no voxel size (plain_float32.h5: a bare HDF5 dataset, as h5py wrote it) opens with the voxel size the
// user gives: its geometry, its pyramid (a cache entry of its own, the NGFF scale in the given unit as zarr-python
// reads it) and everything measured on it follow; a file with its own calibration keeps it (scaled_int16.nii.gz:
// nibabel's zooms).
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Calibration, VolumeInfo } from '../../electron/common/contract';
import { createServices } from '../../electron/services/services';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { describeLocation } from '../../electron/services/volume/zarrStores';
import { pyramidCache } from '../../electron/services/volume/cache';
import { openScan } from '../../electron/services/io/registry';
import { buildPyramid } from '../../electron/services/volume/pyramid';
import { generatedDir, references } from '../fixtures/reference';

const root = join(import.meta.dirname, '../..');
const calibration: Calibration = { spacing: [0.65, 0.65, 1.3], unit: 'µm' };
let host: Host;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-calibration-'));
  host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir: join(dir, 'cache') } }));
});
afterAll(() => host?.close());

async function open(params: Record<string, unknown>): Promise<VolumeInfo> {
  const reply = await host.dispatch('volume.open', params);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result as VolumeInfo;
}

test('an uncalibrated file takes the given voxel size; without one it stays in voxels', async () => {
  const path = join(generatedDir, 'plain_float32.h5');
  const truth = references()['plain_float32.h5']!;
  expect((await open({ path })).unit).toBe('voxel');
  const calibrated = await open({ path, calibration });
  expect(calibrated.unit).toBe('µm');
  expect(calibrated.spacing).toEqual(calibration.spacing);
  expect(calibrated.dims).toEqual(truth.dims);
  const cache = pyramidCache(join(dir, 'cache'));
  expect(await cache.key(path, { calibration })).not.toBe(await cache.key(path));
});

test('the pyramid of a calibrated file carries the voxel size: zarr-python reads the NGFF scales in micrometer', async () => {
  const source = await openScan(join(generatedDir, 'plain_float32.h5'), { calibration });
  const image = await buildPyramid(source, join(dir, 'calibrated.ome.zarr'), { coarsest: 4 });
  await source.close();
  const read = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', "import json,sys,zarr; m=zarr.open_group(sys.argv[1],mode='r').attrs['multiscales'][0]; print(json.dumps({'units':[a.get('unit') for a in m['axes']],'scales':[d['coordinateTransformations'][0]['scale'] for d in m['datasets']]}))", describeLocation(image.location)], { encoding: 'utf8' }),
  ) as { units: string[]; scales: number[][] };
  expect(read.units).toEqual(['micrometer', 'micrometer', 'micrometer']);
  read.scales.forEach((scale, level) => scale.forEach((value, i) => expect(value).toBeCloseTo(calibration.spacing[2 - i]! * 2 ** level, 9)));
});

test('a file with its own voxel size keeps it (nibabel\'s zooms)', async () => {
  const truth = references()['scaled_int16.nii.gz']!;
  const info = await open({ path: join(generatedDir, 'scaled_int16.nii.gz'), calibration });
  expect(info.unit).toBe('mm');
  info.spacing.forEach((value, k) => expect(value).toBeCloseTo(truth.spacing[k]!, 5));
});
