// A push of a DICOM series and its segmentation to a real RADOS Gateway and the SciCat-shaped catalogue: every
// object read back and the catalogue entry hold no identifying value of the source (patient name, ID, birth date,
// UIDs, institution, the folder and file names that named the patient); the catalogue records the method codes;
// the pushed SEG passes dciodvfy and references the pushed series' new UIDs. Text typed with it that names the
// patient, a series that may carry burned-in text (unless confirmed) and identifiable DICOM pushed as plain files
// are refused; a volume converted from the series names nothing of it.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dcmjs, { type NaturalDataset } from 'dcmjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { JobView } from '../../electron/common/syncModel';
import { convertScan } from '../../electron/services/io/convert';
import { createServices, openVolume, type Services } from '../../electron/services/services';
import { SyncQueue } from '../../electron/services/sync/queue';
import { segmentationPush } from '../../electron/services/sync/segmentationPush';
import { noDialogs } from '../../electron/shell/host';
import { startDataCentre, type DataCentre } from '../dc/dataCentre';
import { generatedDir } from '../fixtures/reference';
import { root } from './segmentHarness';

const source = join(generatedDir, 'deidentify');
const identity = JSON.parse(readFileSync(join(source, 'identity.json'), 'utf8')) as Record<string, string>;
// A folder and files named as a hospital export names them: after the patient.
const PATIENT_FOLDER = 'Doe^Jane MRN-4711';

let dc: DataCentre;
let services: Services;
let queue: SyncQueue;
let series: string;

beforeAll(async () => {
  dc = await startDataCentre();
  Object.assign(process.env, dc.env);
  await dc.addTarget('dc');
  series = join(dc.scratch, PATIENT_FOLDER);
  mkdirSync(series);
  for (const name of readdirSync(join(source, 'study', 'ct'))) cpSync(join(source, 'study', 'ct', name), join(series, `Doe_Jane_${name}`));
  services = createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir: join(dc.scratch, 'pyramids') }, sync: { settingsDir: dc.settingsDir } });
  queue = new SyncQueue({ settingsDir: dc.settingsDir });
}, 120_000);

afterAll(async () => {
  await queue?.close();
  await services?.close();
  await dc?.close();
});

const readDicom = (bytes: Uint8Array) => dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(bytes.slice().buffer as ArrayBuffer).dict);

async function done(id: string): Promise<JobView> {
  for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const job = (await queue.jobs()).find((candidate) => candidate.id === id)!;
    if (job.state === 'done' || job.state === 'failed') return job;
  }
  throw new Error(`job ${id} did not finish`);
}

async function objectsUnder(prefix: string): Promise<Map<string, Uint8Array>> {
  const listed = await dc.s3.send(new ListObjectsV2Command({ Bucket: dc.bucket, Prefix: prefix }));
  const objects = new Map<string, Uint8Array>();
  for (const { Key } of listed.Contents ?? []) objects.set(Key!, await (await dc.s3.send(new GetObjectCommand({ Bucket: dc.bucket, Key }))).Body!.transformToByteArray());
  return objects;
}

/** What identifies the patient in the source: the values put in (times excepted: the Modified Dates option keeps
 * the time of day, PS3.15 E.3.6), each source UID, the names of the folder and files. */
function identifyingStrings(): string[] {
  const uids = readdirSync(series).flatMap((name) => {
    const dataset = readDicom(new Uint8Array(readFileSync(join(series, name))));
    return [dataset.StudyInstanceUID, dataset.SeriesInstanceUID, dataset.SOPInstanceUID, dataset.FrameOfReferenceUID] as string[];
  });
  const values = Object.entries(identity).filter(([keyword, value]) => !keyword.endsWith('Time') && value.length > 2).map(([, value]) => value);
  return [...new Set([...values, 'Jane', 'Doe_Jane', ...uids])];
}

test('a DICOM series and its SEG reach the RGW and the catalogue with nothing identifying, the method codes recorded', { timeout: 120_000 }, async () => {
  const scan = await openVolume(services, () => undefined, series);
  const labels = new Uint8Array(scan.dims[0] * scan.dims[1] * scan.dims[2]).fill(1, 64, 160);
  // An import from a file whose path names the patient: the path stays here.
  await services.segments.importLabels(scan.id, labels, [{ value: 1, name: 'Nodule', color: [255, 0, 0] }], { source: 'file', path: join(series, 'Doe_Jane_labels.nii.gz') });
  const job = await queue.push(await segmentationPush(services, { target: 'dc', volumeId: scan.id, description: 'Lung nodule, CT' }));
  expect((await done(job.id)).state).toBe('done');

  const objects = await objectsUnder(`hospital-a/${job.datasetKey}/`);
  expect([...objects.keys()].map((key) => key.split('/').pop()).sort()).toEqual(['image-0001.dcm', 'image-0002.dcm', 'image-0003.dcm', 'image-0004.dcm', 'segmentation.dcm', 'voxbench-dataset.json']);
  const [dataset] = (await dc.catalogue.datasets()).filter((entry) => entry.pid === job.id);
  const [block] = (await dc.catalogue.origDatablocks()).filter((entry) => entry.datasetId === job.id);
  const everything: [string, Uint8Array][] = [...objects, ['catalogue dataset', Buffer.from(JSON.stringify(dataset))], ['catalogue datablock', Buffer.from(JSON.stringify(block))]];
  const secrets = identifyingStrings();
  expect(secrets.length).toBeGreaterThan(20);
  for (const [where, bytes] of everything) {
    const text = Buffer.from(bytes).toString('latin1');
    for (const secret of secrets) expect(text.includes(secret), `${where} holds ${secret}`).toBe(false);
  }

  const codes = [
    { value: '113100', scheme: 'DCM', meaning: 'Basic Application Confidentiality Profile' },
    { value: '113107', scheme: 'DCM', meaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
  ];
  expect((dataset!.scientificMetadata as { deidentification: { codes: unknown } }).deidentification.codes).toEqual(codes);
  const manifest = JSON.parse(Buffer.from(objects.get(`hospital-a/${job.datasetKey}/voxbench-dataset.json`)!).toString('utf8')) as { deidentification: { codes: unknown } };
  expect(manifest.deidentification.codes).toEqual(codes);

  // The pushed SEG: valid, de-identified, and its references are the pushed series' new UIDs.
  const segBytes = objects.get(`hospital-a/${job.datasetKey}/segmentation.dcm`)!;
  const segPath = join(dc.scratch, 'pushed-seg.dcm');
  writeFileSync(segPath, segBytes);
  const { stdout, stderr } = spawnSync('dciodvfy', [segPath], { encoding: 'utf8' });
  expect(`${stdout}\n${stderr}`.split('\n').filter((line) => /error/i.test(line))).toEqual([]);
  const seg = readDicom(segBytes);
  const images = [...objects].filter(([key]) => key.endsWith('.dcm') && !key.endsWith('segmentation.dcm')).map(([, bytes]) => readDicom(bytes));
  expect(seg.PatientIdentityRemoved).toBe('YES');
  expect(seg.StudyInstanceUID).toBe(images[0]!.StudyInstanceUID);
  expect(seg.FrameOfReferenceUID).toBe(images[0]!.FrameOfReferenceUID);
  const referenced = (seg.ReferencedSeriesSequence as NaturalDataset[])[0]!;
  expect(referenced.SeriesInstanceUID).toBe(images[0]!.SeriesInstanceUID);
  expect((referenced.ReferencedInstanceSequence as NaturalDataset[]).map((item) => item.ReferencedSOPInstanceUID).sort()).toEqual(images.map((image) => image.SOPInstanceUID).sort());
  // Dates moved by whole days, not removed: the study's date is a date, and not the source's.
  expect(images[0]!.StudyDate).toMatch(/^\d{8}$/);
  expect(images[0]!.StudyDate).not.toBe(identity.StudyDate);
});

test("a description or a segment that names the patient is refused before anything is staged", async () => {
  const scan = await openVolume(services, () => undefined, series);
  await expect(segmentationPush(services, { target: 'dc', volumeId: scan.id, description: 'Follow-up of jane doe' })).rejects.toMatchObject({ kind: 'IdentifiableData', message: expect.stringContaining('description') });
  await expect(segmentationPush(services, { target: 'dc', volumeId: scan.id, description: 'MRN-4711 chest' })).rejects.toMatchObject({ kind: 'IdentifiableData' });
  await expect(segmentationPush(services, { target: 'dc', volumeId: scan.id, description: 'Does it grow?' })).resolves.toMatchObject({ description: 'Does it grow?' });
});

test('a series that may carry burned-in text is refused, naming it and why, and goes once confirmed', async () => {
  const scan = await openVolume(services, () => undefined, join(source, 'burnedin'));
  await expect(segmentationPush(services, { target: 'dc', volumeId: scan.id, description: '' })).rejects.toMatchObject({
    kind: 'BurnedInAnnotation',
    message: expect.stringMatching(/^burnedin: 3 of its 3 file\(s\) may show the patient .*Burned In Annotation \(0028,0301\) is YES/),
  });
  const request = await segmentationPush(services, { target: 'dc', volumeId: scan.id, description: '', confirmBurnedIn: true });
  expect(request.files.map((path) => path.split('/').pop())).toEqual(['image-0001.dcm', 'image-0002.dcm', 'image-0003.dcm']);
});

test('a volume converted from the series names nothing of it, and identifiable DICOM pushed as files is refused at the queue', async () => {
  for (const name of ['converted.nii', 'converted.nrrd']) {
    const path = join(dc.scratch, name);
    await convertScan(series, path);
    const text = readFileSync(path).toString('latin1'); // the NIfTI whole, the NRRD's plain header before its gzip voxels
    for (const secret of ['Doe', 'Jane', 'MRN-4711']) expect(text.includes(secret), `${name} holds ${secret}`).toBe(false);
  }
  const provenance = { inputScans: [], software: { name: 'test', version: '1' }, models: [], operations: [] };
  const [first] = readdirSync(series);
  await expect(queue.push({ target: 'dc', files: [join(series, first!)], provenance, description: '' })).rejects.toMatchObject({ kind: 'IdentifiableData', message: expect.stringContaining(first!) });
});
