// A scan published as multiscale OME-Zarr to a real RADOS Gateway: zarr-python reads every level back as numpy's
// 2×2×2 block mean of the level above with NGFF 0.4 metadata that puts voxels where nibabel's affine does; a push
// killed by SIGKILL mid-upload resumes re-sending at most the chunks in flight; and the dataset opens in place
// (s3://target/key through our S3 store and chunk cache) with level 0 equal to nibabel's read of the source. A push
// killed mid-build resumes building only the chunk layers it had not finished; one killed after its build, nothing.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, truncate, utimes } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { VolumeInfo } from '../../electron/common/contract';
import type { JobState, JobView } from '../../electron/common/syncModel';
import type { Manifest } from '../../electron/services/sync/manifest';
import { listDatasets } from '../../electron/services/sync/pull';
import { journalPath, SyncJournal } from '../../electron/services/sync/journal';
import { SyncQueue } from '../../electron/services/sync/queue';
import { createServices } from '../../electron/services/services';
import { createHost, noDialogs } from '../../electron/shell/host';
import { exited, startDataCentre, syncCli, type DataCentre } from '../dc/dataCentre';
import { downloadPrefix } from '../dc/download';
import { sampleProvenance } from '../dc/sampleFiles';

const script = fileURLToPath(new URL('./omeZarrPublishReference.py', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const python = (...args: string[]) => JSON.parse(execFileSync('/usr/bin/python3', [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 }));

let dc: DataCentre;
let queue: SyncQueue;
let scan: string;
let scanSha256: string;
const announced: JobView[] = [];

beforeAll(async () => {
  dc = await startDataCentre();
  Object.assign(process.env, dc.env);
  queue = new SyncQueue({ settingsDir: dc.settingsDir, onJob: (view) => announced.push(view) });
  scan = join(dc.scratch, 'oblique-ct.nii.gz');
  // Odd sides: edge chunks are padded, odd levels average the voxels that exist.
  scanSha256 = python('make', scan, '150', '131', '97', 'int16').sha256;
}, 120_000);

afterAll(async () => {
  await queue?.close();
  await dc?.close();
});

async function until(id: string, states: JobState[], timeoutMs = 120_000): Promise<JobView> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const job = (await queue.jobs()).find((candidate) => candidate.id === id)!;
    if (states.includes(job.state)) return job;
  }
  throw new Error(`job ${id} did not reach ${states.join(' or ')}`);
}

test('published as OME-Zarr: zarr-python reads every level as the block mean of the one above, NGFF geometry as nibabel places it', async () => {
  await dc.addTarget('dc', { partSize: 5 << 20 });
  const queued = await queue.push({ target: 'dc', files: [scan], provenance: sampleProvenance, description: 'Oblique CT as OME-Zarr', as: 'ome-zarr' });
  const job = await until(queued.id, ['done', 'failed']);
  expect(job.error).toBeUndefined();
  expect(job.files).toEqual([{ name: 'oblique-ct.ome.zarr', size: expect.any(Number) }]);
  // While the store is built its size is unknown: the job says how far the build got instead of "0 of 0 bytes".
  const views = announced.filter(({ id }) => id === queued.id);
  const building = views.filter((view) => view.building);
  expect(building.length).toBeGreaterThan(0);
  for (const { building: { done, total } = { done: -1, total: -1 }, etaSeconds, state } of building) {
    expect(state).toBe('uploading');
    expect(total).toBeGreaterThan(0);
    expect(done).toBeGreaterThanOrEqual(0);
    expect(done).toBeLessThanOrEqual(total);
    expect(etaSeconds).toBeUndefined();
  }
  // The build's end is announced at once (the job's 'done' may reach the journal before its own announcement).
  expect(views.slice(views.indexOf(building.at(-1)!) + 1).some((view) => !view.building)).toBe(true);

  const manifest = JSON.parse(await dc.serverText(`hospital-a/${job.id}/voxbench-dataset.json`)) as Manifest;
  expect(manifest.files).toEqual([]);
  expect(manifest.omeZarr).toMatchObject({ name: 'oblique-ct.ome.zarr', key: `hospital-a/${job.id}/oblique-ct.ome.zarr/` });
  expect(manifest.inputScans.at(-1)).toMatchObject({ id: 'oblique-ct.nii.gz', sha256: createHash('sha256').update(await readFile(scan)).digest('hex') });

  const folder = join(dc.scratch, 'downloaded.ome.zarr');
  const keys = await downloadPrefix(dc, manifest.omeZarr!.key, folder);
  expect(keys).toHaveLength(manifest.omeZarr!.objects);
  const ours = JSON.parse(await readFile(join(folder, '.zattrs'), 'utf8')).voxbench;
  expect(ours).toMatchObject({ name: 'oblique-ct.nii.gz', format: 'nifti' });
  expect(ours.path).toBeUndefined(); // where the scan lay on this machine stays here
  const check = python('check', folder, scan);
  expect(check.errors).toEqual([]);
  // 150×131×97 → 75×66×49 → 38×33×25 → 19×17×13 (coarsest ≤ 64: one chunk)
  expect(check.levels.map(({ shape }: { shape: number[] }) => shape)).toEqual([[97, 131, 150], [49, 66, 75], [25, 33, 38]]);
  for (const level of check.levels) {
    expect(level).toMatchObject({ dtype: 'int16', maxDifference: 0 });
    expect(level.scaleError).toBeLessThan(1e-5);
    expect(level.translationError).toBeLessThan(1e-4);
  }
  expect(check.directionError).toBeLessThan(1e-6);
  expect(check.originError).toBeLessThan(1e-4);

  const [listed] = await listDatasets((await queue.targets.list())[0]!, { accessKeyId: dc.gateway.accessKeyId, secretAccessKey: dc.gateway.secretAccessKey });
  expect(listed!.omeZarr).toEqual({ name: 'oblique-ct.ome.zarr', bytes: manifest.omeZarr!.bytes, location: `s3://dc/${job.id}/oblique-ct.ome.zarr` });
  const [entry] = (await dc.catalogue.datasets()).filter(({ pid }) => pid === job.id);
  expect(entry).toMatchObject({ inputDatasets: ['hospital-a/ct/2026-0113', 'oblique-ct.nii.gz'] });
}, 180_000);

test('opened in place from the RGW (s3://dc/…): geometry of the source, level 0 equal to nibabel’s voxels', async () => {
  const [dataset] = await listDatasets((await queue.targets.list())[0]!, { accessKeyId: dc.gateway.accessKeyId, secretAccessKey: dc.gateway.secretAccessKey });
  const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, sync: { settingsDir: dc.settingsDir }, chunkCache: { dir: join(dc.scratch, 'chunks'), maxBytes: 2 ** 30 } }));
  const local = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { largeBytes: 2 ** 40 } }));
  try {
    const reply = await host.dispatch('volume.open', { path: dataset!.omeZarr!.location });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    const info = (reply as { result: VolumeInfo }).result;
    const voxels = new Uint8Array(await (await host.serveData(info.voxels)).arrayBuffer());
    expect(createHash('sha256').update(voxels).digest('hex')).toBe(scanSha256);
    const source = ((await local.dispatch('volume.open', { path: scan })) as { result: VolumeInfo }).result;
    expect(info.dims).toEqual(source.dims);
    for (const key of ['spacing', 'origin', 'direction'] as const) info[key].forEach((value, i) => expect(value).toBeCloseTo(source[key][i]!, 5));
    expect(info.levels).toHaveLength(3);
  } finally {
    await host.close();
    await local.close();
  }
}, 120_000);

test('a publish killed by SIGKILL mid-upload resumes re-sending at most two objects per lane (here under 1.5 % of them)', async () => {
  const big = join(dc.scratch, 'big.nii');
  python('make', big, '512', '512', '512', 'uint8'); // 512 + 64 + 8 + 1 chunks of 64³ and 6 metadata objects (4 levels)
  await dc.addTarget('one-lane', { partSize: 5 << 20, parallelParts: 1 });
  const child = syncCli(['push', '--target', 'one-lane', '--as', 'ome-zarr', '--description', 'big', big], dc.env);
  const killed = exited(child);
  const chunkPuts = (from = 0) => dc.proxy.log.slice(from).filter((entry) => entry.method === 'PUT' && entry.key.includes('/big.ome.zarr/') && entry.status === 200).map(({ key }) => key);
  await new Promise<void>((resolve) => {
    const onResponse = () => {
      if (chunkPuts().length < 100) return;
      child.kill('SIGKILL');
      dc.proxy.events.off('response', onResponse);
      resolve();
    };
    dc.proxy.events.on('response', onResponse);
  });
  expect((await killed).signal).toBe('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 500)); // answers to requests in flight reach the log
  const storedBeforeKill = new Set(chunkPuts());
  const mark = dc.proxy.log.length;
  const resumed = await exited(syncCli(['resume'], dc.env));
  expect(resumed.code, resumed.stderr).toBe(0);
  const sentAfter = chunkPuts(mark);
  const resent = sentAfter.filter((key) => storedBeforeKill.has(key));
  const objects = new Set([...storedBeforeKill, ...sentAfter]);
  expect(objects.size).toBe(512 + 64 + 8 + 1 + 6);
  console.log(`resume: ${resent.length} of ${objects.size} objects sent again`);
  // parallelParts 1: 4 lanes, each with at most one object stored but not yet journaled and one in flight.
  expect(resent.length).toBeLessThanOrEqual(8);
  expect(resent.length / objects.size).toBeLessThan(0.015);
  // The root .zattrs (the NGFF multiscales) is the last object of the store, the manifest after it.
  const zattrs = dc.proxy.log.findIndex((entry) => entry.method === 'PUT' && /\/big\.ome\.zarr\/\.zattrs$/.test(entry.key));
  const lastChunk = dc.proxy.log.findLastIndex((entry) => entry.method === 'PUT' && /\/big\.ome\.zarr\/\d/.test(entry.key));
  const manifestAt = dc.proxy.log.findLastIndex((entry) => entry.method === 'PUT' && entry.key.endsWith('/voxbench-dataset.json'));
  expect(zattrs).toBeGreaterThan(lastChunk);
  expect(manifestAt).toBeGreaterThan(zattrs);
}, 300_000);

/** Every file under `dir` with its modification time, by path inside it. */
async function modified(dir: string): Promise<Map<string, number>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return new Map(await Promise.all(files.map(async (file) => [relative(dir, file), (await stat(file)).mtimeMs] as [string, number])));
}

const OLD = new Date('2001-01-01T00:00:00Z');

/** The staged store of the one job staged under the settings folder, once `ready` says it is there. */
async function stagedStore(name: string, ready: (store: string) => Promise<boolean>): Promise<string> {
  for (;;) {
    const folders = await readdir(join(dc.settingsDir, 'staging')).catch(() => []);
    for (const folder of folders) {
      const store = join(dc.settingsDir, 'staging', folder, name);
      if (await ready(store)) return store;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const exists = (path: string) => stat(path).then(() => true, () => false);

/**
 * SIGKILLs a publish of `scan` when `killAt` says so, marks every staged file old (and `damage` may cut one short),
 * resumes it with the CLI, and returns what the resumed process sent and which staged files it wrote again (seen
 * when it sends the root .zattrs, the store then built and not yet removed).
 */
async function killAndResume(scan: string, killAt: (store: string) => Promise<boolean>, damage?: (partial: string, stored: Set<string>) => Promise<string>) {
  const name = basename(scan).replace(/\.nii$/, '.ome.zarr');
  const child = syncCli(['push', '--target', 'slow', '--as', 'ome-zarr', '--description', name, scan], dc.env);
  const killed = exited(child);
  const store = await stagedStore(name, killAt);
  child.kill('SIGKILL');
  expect((await killed).signal).toBe('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 500)); // answers to requests in flight reach the log
  const puts = (from = 0) => dc.proxy.log.slice(from).filter((entry) => entry.method === 'PUT' && entry.key.includes(`/${name}/`) && entry.status === 200).map(({ key }) => key.slice(key.indexOf(`/${name}/`) + name.length + 2));
  const storedBeforeKill = new Set(puts());
  const staged = (await exists(join(store, '.zattrs'))) ? store : `${store}.partial`;
  for (const file of (await modified(staged)).keys()) await utimes(join(staged, file), OLD, OLD);
  const cut = await damage?.(staged, storedBeforeKill);
  let writtenAgain: string[] = [];
  dc.proxy.hold = (entry) => {
    if (!entry.key.endsWith(`/${name}/.zattrs`)) return undefined;
    return modified(store).then((files) => void (writtenAgain = [...files].filter(([, time]) => time !== OLD.getTime()).map(([file]) => file)));
  };
  const mark = dc.proxy.log.length;
  const resumed = await exited(syncCli(['resume'], dc.env));
  dc.proxy.hold = undefined;
  expect(resumed.code, resumed.stderr).toBe(0);
  const sentAfter = puts(mark);
  return { staged, storedBeforeKill, sentAfter, resent: sentAfter.filter((key) => storedBeforeKill.has(key)), writtenAgain, cut };
}

async function readsBackEqual(scan: string, jobKey: string): Promise<void> {
  const job = [...(await SyncJournal.read(journalPath(dc.settingsDir))).values()].find(({ spec }) => spec.description === jobKey)!.spec;
  const manifest = JSON.parse(await dc.serverText(`hospital-a/${job.id}/voxbench-dataset.json`)) as Manifest;
  const folder = join(dc.scratch, `${jobKey}.downloaded`);
  await downloadPrefix(dc, manifest.omeZarr!.key, folder);
  const check = python('check', folder, scan);
  expect(check.errors).toEqual([]);
  for (const level of check.levels) expect(level).toMatchObject({ maxDifference: 0 });
}

test('killed mid-build, a publish resumes building only the chunk layers not whole (a chunk cut short is built again, never sent as it was); zarr-python reads it back equal', async () => {
  const scan = join(dc.scratch, 'midbuild.nii');
  python('make', scan, '384', '384', '512', 'uint8'); // level 0: 8 layers of 6×6 chunks
  await dc.addTarget('slow', { partSize: 5 << 20, parallelParts: 1, bandwidth: 4 << 20 }); // uploads fall well behind the build, however fast it is
  const layer = (file: string) => Number(file.split('/')[1]);
  // Killed while level 0's fifth layer is written: layers 0-3 whole. One whole chunk of layer 2 not yet sent is cut short.
  const { staged, resent, writtenAgain, cut } = await killAndResume(scan, (store) => exists(`${store}.partial/0/4`), async (partial, stored) => {
    const whole = [...(await modified(partial)).keys()].filter((file) => file.startsWith('0/2/') && !stored.has(file));
    expect(whole.length).toBeGreaterThan(0);
    await truncate(join(partial, whole[0]!), (await stat(join(partial, whole[0]!))).size - 7);
    return whole[0]!;
  });
  expect(staged.endsWith('.partial')).toBe(true); // the kill came mid-build
  const level0 = writtenAgain.filter((file) => /^0\/\d/.test(file));
  console.log(`resumed mid-build: ${level0.length} of 288 level-0 chunks built again, ${resent.length} objects sent again`);
  // Level 0 goes on from layer 2, the first with a chunk not whole: layers 0 and 1 (72 chunks) are kept as they were.
  expect(level0).toContain(cut);
  expect(level0.length).toBe(288 - 72);
  expect(level0.every((file) => layer(file) >= 2)).toBe(true);
  expect(resent.length).toBeLessThanOrEqual(8);
  await readsBackEqual(scan, 'midbuild.ome.zarr');
}, 300_000);

test('killed mid-upload after its build, a publish resumes building nothing and re-sending at most two objects per lane; zarr-python reads it back equal', async () => {
  const scan = join(dc.scratch, 'midupload.nii');
  python('make', scan, '384', '384', '384', 'uint8');
  const { staged, storedBeforeKill, resent, writtenAgain } = await killAndResume(scan, (store) => exists(join(store, '.zattrs')));
  expect(staged.endsWith('.partial')).toBe(false); // the kill came after the build
  expect(storedBeforeKill.size).toBeLessThan(216 + 27 + 8 + 1 + 6); // 384³: 6³, 3³, 2³ and 1 chunks, 6 metadata objects
  console.log(`resumed mid-upload: ${writtenAgain.length} staged files written again, ${resent.length} objects sent again`);
  expect(writtenAgain).toEqual([]);
  expect(resent.length).toBeLessThanOrEqual(8);
  await readsBackEqual(scan, 'midupload.ome.zarr');
}, 300_000);
