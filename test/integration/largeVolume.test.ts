// A volume over the size limit opens at once, its slices read from the file, while its multiscale pyramid is
// built in the background (with progress), cached on disk, found again on the next open, and its coarse level
// served as the renderer asks for it once `volume.levels` says so.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Progress, VolumeInfo } from '../../electron/common/contract';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';
import { jobIds } from '../../electron/common/jobIds';
import { routes } from '../../electron/common/routes';

const root = fileURLToPath(new URL('../..', import.meta.url));
let host: Host;
const progress: Progress[] = [];
const levelEvents: VolumeInfo[] = [];

beforeAll(async () => {
  const cacheDir = await mkdtemp(join(tmpdir(), 'voxbench-pyramids-'));
  // The 3 MiB phantom counts as large here, so the test stays small.
  host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir, largeBytes: 1 << 20 } }));
  host.onEvent((event, data) => {
    if (event === 'progress') progress.push(data as Progress);
    if (event === 'volume.levels') levelEvents.push(data as VolumeInfo);
  });
});

afterAll(() => host.close());

async function openPhantom(): Promise<VolumeInfo> {
  const reply = await host.dispatch('volume.open', { path: host.services.paths.defaultScan });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result as VolumeInfo;
}

/** Level 1 as numpy makes it from what nibabel reads: 2×2×2 means, rounded half up, x fastest. */
function numpyLevelOne(path: string): string {
  const script = `
import hashlib, sys, nibabel as nib, numpy as np
data = np.asarray(nib.load(sys.argv[1]).dataobj).astype(np.float64)
x, y, z = (n // 2 for n in data.shape)
mean = data[:2*x, :2*y, :2*z].reshape(x, 2, y, 2, z, 2).mean(axis=(1, 3, 5))
print(hashlib.sha256(np.floor(mean + 0.5).astype(np.int16).tobytes(order="F")).hexdigest())`;
  return execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }).trim();
}

test('the first open answers before the pyramid, then builds it and serves its coarse level as numpy computes it', async () => {
  const opened = await openPhantom();
  expect(opened.building).toBe(true);
  expect(opened.levels.map((level) => level.dims)).toEqual([
    [128, 128, 96],
    [64, 64, 48],
  ]);
  const slice = await host.serveData(routes.volumeSlice.path({ volumeId: opened.id, axis: 2, index: 48 }));
  expect(slice.status).toBe(200); // served from the file, whatever the build is doing
  expect((await slice.arrayBuffer()).byteLength).toBe(128 * 128 * 2);
  // The build waits until the views have a slice along each axis: its reads would take the disk and cores from theirs.
  const building = () => progress.some((event) => event.job === jobIds.pyramid(opened.id) && event.message.startsWith('Building the multiscale pyramid'));
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(progress.filter((event) => event.job === jobIds.pyramid(opened.id)).map((event) => event.message)).toEqual(['The multiscale pyramid of shepp-logan.nii.gz is built once the first slices are on screen']);
  for (const axis of [0, 1]) expect((await host.serveData(routes.volumeSlice.path({ volumeId: opened.id, axis, index: 40 }))).status).toBe(200);
  await expect.poll(building, { timeout: 30_000 }).toBe(true);
  await host.services.pyramidBuilds.settled(opened.id);
  const info = levelEvents.find((event) => event.id === opened.id)!;
  expect(info.building).toBeUndefined();
  expect(info.levels.map((level) => level.dims)).toEqual(opened.levels.map((level) => level.dims));
  expect(info.levels[1]!.spacing).toEqual([3, 3, 4]);
  expect(info.range).toEqual([0, 1000]);
  const level = await host.serveData(info.levels[1]!.voxels);
  const bytes = new Uint8Array(await level.arrayBuffer());
  expect(bytes.length).toBe(64 * 64 * 48 * 2);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(numpyLevelOne(host.services.paths.defaultScan));
});

test('the second open finds the pyramid in the cache and builds nothing', async () => {
  progress.length = 0;
  const info = await openPhantom();
  expect(info.levels).toHaveLength(2);
  expect(info.building).toBeUndefined();
  expect(progress.filter((event) => event.message.startsWith('Building'))).toEqual([]);
});

test('a copy of the scan elsewhere, written now (as an upload lands), finds the same pyramid', async () => {
  const upload = join(await mkdtemp(join(tmpdir(), 'voxbench-upload-copy-')), 'shepp-logan.nii.gz');
  await copyFile(host.services.paths.defaultScan, upload);
  progress.length = 0;
  const reply = await host.dispatch('volume.open', { path: upload });
  if (!reply.ok) throw new Error(reply.error.message);
  const info = reply.result as VolumeInfo;
  expect(info.building).toBeUndefined();
  expect(info.levels).toHaveLength(2);
  expect(progress.filter((event) => event.message.startsWith('Building'))).toEqual([]);
});
