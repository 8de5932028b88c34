// The PACS domain against a real Orthanc with its DICOMweb plugin (test/dc/orthanc.ts), loaded with DICOM made
// by others (pydicom's CT_small and MR_small) and the series pydicom writes for us (make_dicom.py): QIDO-RS
// searches as a radiologist types them, series lists with rendered thumbnails, WADO-RS retrieval that opens
// with voxels equal to pydicom's, cancel, and the session cache removed at close.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { VolumeInfo } from '../../electron/common/contract';
import type { PacsStudy } from '../../electron/common/pacsModel';
import { createServices } from '../../electron/services/services';
import { slabs } from '../../electron/services/volume/model';
import { routes } from '../../electron/common/routes';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { startPacs, stopPacs, storeInPacs, type Pacs } from '../dc/orthanc';
import { expectMatchesReference, generatedDir, references, type Reference } from '../fixtures/reference';
import { describeLocation } from '../../electron/services/volume/zarrStores';
import { pythonView } from './pyramidReference';
import { root } from './segmentHarness';

const PYDICOM_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
/** pydicom's own headers of its files (pydicom.dcmread), transcribed. */
const CT_SMALL = { patientName: 'CompressedSamples^CT1', patientId: '1CT1', studyDate: '20040119', studyUid: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322' };
const MR_SMALL = { patientName: 'CompressedSamples^MR1', patientId: '4MR1', studyDate: '20040826', studyUid: '1.3.6.1.4.1.5962.1.2.4.20040826185059.5457' };

let pacs: Pacs;
let host: Host;
let scratch: string;
let truth: Record<string, Reference>;

async function call<T>(method: string, params: unknown): Promise<T> {
  const reply = await host.dispatch(method, params);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { kind: reply.error.kind });
  return reply.result as T;
}

async function digestOf(volumeId: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const slab of slabs(host.services.volumes.get(volumeId).source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
  return hash.digest('hex');
}

const filesOf = async (folder: string) => Promise.all((await readdir(folder)).filter((name) => !name.endsWith('.txt')).map(async (name) => new Uint8Array(await readFile(join(folder, name)))));

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'voxbench-pacs-test-'));
  truth = references('dicom') as Record<string, Reference>;
  pacs = await startPacs();
  await storeInPacs(pacs, [new Uint8Array(await readFile(join(PYDICOM_FILES, 'CT_small.dcm'))), new Uint8Array(await readFile(join(PYDICOM_FILES, 'MR_small.dcm')))]);
  await storeInPacs(pacs, [...(await filesOf(join(generatedDir, 'dicom', 'ct_signed'))), ...(await filesOf(join(generatedDir, 'dicom', 'two_series')))]);
  const secret = join(scratch, 'orthanc.json');
  await writeFile(secret, JSON.stringify({ username: pacs.username, password: pacs.password }), { mode: 0o600 });
  await writeFile(join(scratch, 'wrong.json'), JSON.stringify({ username: pacs.username, password: 'not-it' }), { mode: 0o600 });
  host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir: join(scratch, 'pyramids') }, sync: { settingsDir: join(scratch, 'settings') } }));
  await call('pacs.saveServer', { server: { name: 'orthanc', url: pacs.dicomWeb, auth: { type: 'basic', credentials: { from: 'file', path: secret } } } });
  await call('pacs.saveServer', { server: { name: 'wrong', url: pacs.dicomWeb, auth: { type: 'basic', credentials: { from: 'file', path: join(scratch, 'wrong.json') } } } });
}, 120_000);

afterAll(async () => {
  await host?.close();
  if (pacs) await stopPacs(pacs);
  await rm(scratch, { recursive: true, force: true });
});

const search = (query: object) => call<PacsStudy[]>('pacs.searchStudies', { server: 'orthanc', query });
const generatedStudy = async () => (await search({ patientId: 'VB0001' }))[0]!;

describe('servers', () => {
  test('are kept in the settings folder without their secrets', async () => {
    const text = await readFile(join(scratch, 'settings', 'pacs-servers.json'), 'utf8');
    expect(JSON.parse(text).map((server: { name: string }) => server.name).sort()).toEqual(['orthanc', 'wrong']);
    expect(text).not.toMatch(/password|token/);
  });

  test('a refused password is PacsUnauthorized, naming the server', async () => {
    await expect(call('pacs.searchStudies', { server: 'wrong', query: {} })).rejects.toMatchObject({ kind: 'PacsUnauthorized', message: expect.stringContaining('PACS wrong') });
  });
});

describe('study search (QIDO-RS)', () => {
  test('by patient name: a prefix, case as stored', async () => {
    const found = await search({ patientName: 'CompressedSamples' });
    expect(found.map((study) => study.patientName).sort()).toEqual([CT_SMALL.patientName, MR_SMALL.patientName]);
    // Newest first.
    expect(found.map((study) => study.studyDate)).toEqual([MR_SMALL.studyDate, CT_SMALL.studyDate]);
  });

  test('by patient ID, exact', async () => {
    const found = await search({ patientId: MR_SMALL.patientId });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ studyUid: MR_SMALL.studyUid, patientName: MR_SMALL.patientName, modalities: ['MR'] });
  });

  test('by modality', async () => {
    expect((await search({ modality: 'MR' })).map((study) => study.studyUid)).toEqual([MR_SMALL.studyUid]);
    expect((await search({ modality: 'PT' })).map((study) => study.patientId)).toEqual(['VB0001']);
  });

  test('by date range, open at either end', async () => {
    expect((await search({ dateFrom: '20040101', dateTo: '20041231' })).map((study) => study.studyUid)).toEqual([MR_SMALL.studyUid, CT_SMALL.studyUid]);
    expect((await search({ dateTo: '20040630' })).map((study) => study.studyUid)).toEqual([CT_SMALL.studyUid]);
    expect((await search({ dateFrom: '20240101' })).map((study) => study.patientId)).toEqual(['VB0001']);
  });

  test('with no match is empty', async () => {
    expect(await search({ patientName: 'Nobody' })).toEqual([]);
  });
});

describe('series', () => {
  test('of a study, in series order, with their descriptions and counts', async () => {
    const study = await generatedStudy();
    const series = await call<{ description: string; modality: string; instanceCount: number }[]>('pacs.listSeries', { server: 'orthanc', studyUid: study.studyUid });
    expect(series.map(({ description, modality }) => `${description} (${modality})`).sort()).toEqual(['CT chest (CT)', 'CT signed (CT)', 'CT signed notes (OT)', 'PET (PT)']);
    expect(series.find((each) => each.description === 'PET')!.instanceCount).toBe(6);
  });

  test('have a rendered JPEG thumbnail', async () => {
    const study = await generatedStudy();
    const series = await call<{ seriesUid: string; description: string }[]>('pacs.listSeries', { server: 'orthanc', studyUid: study.studyUid });
    const { seriesUid } = series.find((each) => each.description === 'CT signed')!;
    const response = await host.serveData(routes.pacsThumbnail.path({ server: 'orthanc', studyUid: study.studyUid, seriesUid }));
    expect(response.headers.get('Content-Type')).toBe('image/jpeg');
    const jpeg = new Uint8Array(await response.arrayBuffer());
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect((await host.serveData(routes.pacsThumbnail.path({ server: 'no such server', studyUid: study.studyUid, seriesUid }))).status).toBe(422);
  });
});

describe('opening a series (WADO-RS)', () => {
  const seriesNamed = async (description: string) => {
    const study = await generatedStudy();
    const series = await call<{ seriesUid: string; description: string }[]>('pacs.listSeries', { server: 'orthanc', studyUid: study.studyUid });
    return { studyUid: study.studyUid, seriesUid: series.find((each) => each.description === description)!.seriesUid };
  };

  test.each([
    ['ct_signed', 'CT signed'],
    ['two_series/PET', 'PET'],
  ])("%s: voxels equal pydicom's, bit for bit", async (key, description) => {
    const ref = await seriesNamed(description);
    const reference = truth[key]!;
    const progress: number[] = [];
    const arrived: number[] = [];
    let opened: VolumeInfo | undefined;
    const stop = host.onEvent((event, data) => {
      if (event === 'progress' && (data as { job: string }).job === `pacs ${ref.seriesUid}`) progress.push((data as { done: number }).done);
      if (event === 'volume.opened') opened = data as VolumeInfo;
      if (event === 'volume.slices') arrived.push(...(data as { slices: number[] }).slices);
    });
    const info = await call<VolumeInfo>('pacs.openSeries', { server: 'orthanc', ...ref, job: `pacs ${ref.seriesUid}` });
    stop();
    expect(info.name).toBe(`${description === 'PET' ? 'PT' : 'CT'} ${description}`);
    // Opened before its other slices, on pydicom's grid, with the middle slice in.
    expect(opened).toMatchObject({ id: info.id, dims: reference.dims, arrival: { arrived: 1, total: reference.dims[2], first: Math.floor(reference.dims[2] / 2), missing: [[0, Math.floor(reference.dims[2] / 2) - 1], [Math.floor(reference.dims[2] / 2) + 1, reference.dims[2] - 1]] } });
    opened!.spacing.forEach((value, i) => expect(value).toBeCloseTo(reference.spacing[i]!, 5));
    opened!.origin.forEach((value, i) => expect(value).toBeCloseTo(reference.origin[i]!, 4));
    opened!.direction.forEach((value, i) => expect(value).toBeCloseTo(reference.direction[i]!, 6));
    // Every other slice announced once; the middle one came with the volume.
    expect([opened!.arrival!.first, ...arrived].sort((a, b) => a - b)).toEqual(Array.from({ length: reference.dims[2] }, (_, z) => z));
    expect(info.arrival).toBeUndefined();
    expect(await digestOf(info.id)).toBe(reference.sha256);
    await expectMatchesReference(host.services.volumes.get(info.id).source, reference);
    expect(info.range).toEqual([reference.min, reference.max]);
    expect(progress.at(-1)).toBe(reference.dims[2]);
  });

  test("pydicom's MR_small opens with pydicom's voxels", async () => {
    const [series] = await call<{ seriesUid: string }[]>('pacs.listSeries', { server: 'orthanc', studyUid: MR_SMALL.studyUid });
    const info = await call<{ id: string; dicom: object }>('pacs.openSeries', { server: 'orthanc', studyUid: MR_SMALL.studyUid, seriesUid: series!.seriesUid, job: 'pacs mr' });
    expect(await digestOf(info.id)).toBe(truth['pydicom/MR_small.dcm']!.sha256);
    // The header as pydicom reads it, for the corner annotations.
    expect(info.dicom).toMatchObject({ patientName: MR_SMALL.patientName, patientId: MR_SMALL.patientId, patientSex: 'F', studyDate: MR_SMALL.studyDate, modality: 'MR', institution: 'TOSHIBA' });
  });

  test('cancel stops the retrieval and keeps the slices that arrived, the volume marked incomplete', async () => {
    const ref = await seriesNamed('CT chest');
    const job = `pacs ${ref.seriesUid}`;
    let told: VolumeInfo | undefined;
    const stop = host.onEvent((event, data) => {
      if (event === 'progress' && (data as { job: string; done: number }).job === job && (data as { done: number }).done === 1) void host.dispatch('pacs.cancel', { job });
      if (event === 'volume.slices') told = (data as { info: VolumeInfo }).info;
    });
    const info = await call<VolumeInfo>('pacs.openSeries', { server: 'orthanc', ...ref, job });
    stop();
    expect(told).toEqual(info);
    const { arrived, total, stopped } = info.arrival!;
    expect(stopped).toBe(true);
    expect(info.arrival!.missing.reduce((sum, [first, last]) => sum + last - first + 1, 0)).toBe(total - arrived);
    expect(arrived).toBeGreaterThanOrEqual(1);
    expect(arrived).toBeLessThan(total);
    expect((await call<VolumeInfo[]>('volume.list', {})).find((volume) => volume.id === info.id)).toEqual(info);
    // The slices that came stay in the session cache, and can be saved.
    const { files } = await call<{ files: string[] }>('pacs.saveSeries', { volumeId: info.id, into: join(scratch, 'cancelled') });
    expect(files).toHaveLength(arrived);
    // A DICOM SEG references every slice of its series: refused, saying why.
    await expect(call('pacs.storeSegmentation', { server: 'orthanc', volumeId: info.id })).rejects.toMatchObject({ kind: 'IncompleteSeries', message: expect.stringContaining(`${arrived} of ${total} slices arrived before its retrieval stopped`) });
  });

  test('closing the volume while its slices arrive stops the retrieval and removes its files', async () => {
    const ref = await seriesNamed('CT chest');
    const job = 'pacs closed';
    const stop = host.onEvent((event, data) => {
      if (event === 'volume.opened') void host.dispatch('volume.close', { id: (data as VolumeInfo).id });
    });
    await expect(call('pacs.openSeries', { server: 'orthanc', ...ref, job })).rejects.toMatchObject({ kind: 'Closed', message: expect.stringContaining('CT CT chest was closed before all its slices arrived') });
    stop();
    const [cache] = (await readdir(tmpdir())).filter((name) => name.startsWith(`voxbench-pacs-${process.pid}-`));
    const left = await Promise.all((await readdir(join(tmpdir(), cache!))).map((retrieval) => readdir(join(tmpdir(), cache!, retrieval))));
    expect(left.filter((names) => names.includes('CT CT chest'))).toHaveLength(1); // the cancelled one's, kept above
  });

  test('a retrieved series is saved on request, and the session cache is gone at close; a dead run\'s cache is removed', async () => {
    await host.services.pacs.close(); // the next retrieval starts a new cache, looking for dead runs' first
    const deadRun = join(tmpdir(), `voxbench-pacs-${spawnSync('true').pid}-left`);
    await mkdir(join(deadRun, '1', 'CT left behind'), { recursive: true });
    const ref = await seriesNamed('CT signed');
    const info = await call<{ id: string }>('pacs.openSeries', { server: 'orthanc', ...ref, job: 'pacs save' });
    const { files } = await call<{ files: string[] }>('pacs.saveSeries', { volumeId: info.id, into: join(scratch, 'saved') });
    expect(files).toHaveLength(truth.ct_signed!.dims[2]);
    const cacheRoots = () => readdir(tmpdir()).then((names) => names.filter((name) => name.startsWith(`voxbench-pacs-${process.pid}-`)));
    expect(await cacheRoots()).toHaveLength(1);
    await host.services.pacs.close();
    expect(await cacheRoots()).toEqual([]);
    expect(await readdir(join(scratch, 'saved'))).toHaveLength(truth.ct_signed!.dims[2]);
    await expect(readdir(deadRun)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a series over the pyramid size (largeBytes lowered to 64 KiB)', () => {
  test('opens as its slices arrive, shown from them, then its pyramid builds: level 0 is pydicom\'s, each level numpy\'s block mean', async () => {
    // Stored last: the series list above is of the study without it.
    await storeInPacs(pacs, await filesOf(join(generatedDir, 'dicom', 'ct_wide')));
    const reference = truth.ct_wide!;
    const large = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir: join(scratch, 'large-pyramids'), largeBytes: 64 << 10 }, sync: { settingsDir: join(scratch, 'settings') } }));
    try {
      const study = await generatedStudy();
      const reply = await large.dispatch('pacs.listSeries', { server: 'orthanc', studyUid: study.studyUid });
      const { seriesUid } = (reply.ok ? (reply.result as { seriesUid: string; description: string }[]) : []).find((each) => each.description === 'CT wide')!;
      let opened: VolumeInfo | undefined;
      let levels: VolumeInfo | undefined;
      const arrived: number[] = [];
      const stop = large.onEvent((event, data) => {
        if (event === 'volume.opened') opened = data as VolumeInfo;
        if (event === 'volume.slices') arrived.push(...(data as { slices: number[] }).slices);
        if (event === 'volume.levels') levels = data as VolumeInfo;
      });
      const answer = await large.dispatch('pacs.openSeries', { server: 'orthanc', studyUid: study.studyUid, seriesUid, job: 'pacs wide' });
      if (!answer.ok) throw new Error(answer.error.message);
      const info = answer.result as VolumeInfo;
      // Opened before its other slices, as a volume whose pyramid is to come (its planned levels listed, none served).
      expect(opened).toMatchObject({ id: info.id, dims: reference.dims, building: true, arrival: { arrived: 1, total: reference.dims[2] } });
      expect(opened!.levels.map(({ dims }) => dims)).toEqual([reference.dims, [65, 35, 5], [33, 18, 3]]);
      expect([opened!.arrival!.first, ...arrived].sort((a, b) => a - b)).toEqual(Array.from({ length: reference.dims[2] }, (_, z) => z));
      // The slices are served from the source while the pyramid builds after the last one came.
      const slice = await large.serveData(routes.volumeSlice.path({ volumeId: info.id, axis: 2, index: 4 }));
      expect(slice.status).toBe(200);
      await large.services.pyramidBuilds.settled(info.id);
      stop();
      expect(levels).toMatchObject({ id: info.id, range: [reference.min, reference.max] });
      expect(levels!.building).toBeUndefined();
      // Level 0 is the arrived series itself (pydicom's voxels); the cached pyramid holds the coarser levels only.
      const { pyramid, source } = large.services.volumes.get(info.id);
      const levelZero = join(scratch, 'ct_wide-level0.raw');
      const hash = createHash('sha256');
      for await (const slab of slabs(source)) {
        const bytes = new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength);
        hash.update(bytes);
        await appendFile(levelZero, bytes);
      }
      expect(hash.digest('hex')).toBe(reference.sha256);
      const view = pythonView(describeLocation(pyramid!.location), [], { path: levelZero, dtype: info.dtype, shape: [...reference.dims].reverse() });
      expect(view.levels.map(({ shape }) => shape)).toEqual([[5, 35, 65], [3, 18, 33]]);
      expect(view.means).toEqual([true, true]);
    } finally {
      await large.close();
    }
  });
});
