// The hospital workflow end to end, in real Chromium against browser mode, a real Orthanc and the test data centre
// (RGW + catalogue): PACS search → open → corner annotations → threshold segment → SEG stored in the PACS (STOW-RS,
// then found by QIDO-RS) → pushed de-identified to the RGW (catalogue entry with the method codes, nothing of the
// patient in any object). Then a series that may carry burned-in text: the push waits for the user's confirmation.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDataCentre, type DataCentre } from '../dc/dataCentre';
import { startPacs, stopPacs, storeInPacs, type Pacs } from '../dc/orthanc';
import { generatedDir } from '../fixtures/reference';
import { openSession, RESULTS, settled, type Session } from './harness';
import { addOrthanc, chooseStudy, openSeries, orthancEnv, pacsPanel, seriesRow } from './pacsPage';
import { segmentsRevision } from './phantomPage';

const CT = join(generatedDir, 'dicom', 'ct_signed');
const BURNED_IN = join(generatedDir, 'deidentify', 'burnedin');
let pacs: Pacs;
let dc: DataCentre;
let session: Session;

const dicomFiles = async (folder: string) => (await readdir(folder)).filter((name) => !name.endsWith('.txt')).map((name) => join(folder, name));
const header = async (path: string) => {
  const bytes = await readFile(path);
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { untilTag: '7FE00010' }).dict);
};

beforeAll(async () => {
  [pacs, dc] = await Promise.all([startPacs(), startDataCentre()]);
  const files = [...(await dicomFiles(CT)), ...(await dicomFiles(BURNED_IN))];
  await storeInPacs(pacs, await Promise.all(files.map(async (path) => new Uint8Array(await readFile(path)))));
  await dc.addTarget('hospital-dc');
  // The browser-mode server reads its settings folder, the target's and Orthanc's credentials from here.
  Object.assign(process.env, dc.env, orthancEnv(pacs));
  session = await openSession();
  await session.page.setViewportSize({ width: 1280, height: 800 });
}, 180_000);

afterAll(async () => {
  await session?.close();
  if (pacs) await stopPacs(pacs);
  await dc?.close();
});

/** QIDO-RS straight to Orthanc, not through Voxbench: the SEG series of the PACS. */
async function segSeriesInPacs(): Promise<string[]> {
  const response = await fetch(`${pacs.dicomWeb}/series?Modality=SEG`, { headers: { Accept: 'application/dicom+json', Authorization: `Basic ${Buffer.from(`${pacs.username}:${pacs.password}`).toString('base64')}` } });
  const found = (await response.json()) as { '0020000E': { Value: string[] } }[];
  return found.map((series) => series['0020000E'].Value[0]!);
}

async function objectsOf(datasetKey: string): Promise<Map<string, Buffer>> {
  const listed = await dc.s3.send(new ListObjectsV2Command({ Bucket: dc.bucket, Prefix: `hospital-a/${datasetKey}/` }));
  const objects = new Map<string, Buffer>();
  for (const { Key } of listed.Contents ?? []) objects.set(Key!.split('/').pop()!, Buffer.from(await (await dc.s3.send(new GetObjectCommand({ Bucket: dc.bucket, Key }))).Body!.transformToByteArray()));
  return objects;
}

const doneJobs = () => session.page.locator('[data-testid=sync-job][data-state=done]').count();

test('PACS search → open → corner annotations → threshold → SEG to the PACS → pushed de-identified to the RGW', async () => {
  const { page } = session;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  await addOrthanc(page, pacs);
  expect(await chooseStudy(page, 'phantom')).toContain('Phantom, Voxbench (VB0001)');
  await openSeries(page, seriesRow(page, 'CT signed', 'notes'));
  const axial = page.locator('[data-view=axial]');
  await expect.poll(() => axial.locator('[data-testid=corner-patient]').textContent()).toContain('Phantom, Voxbench');
  expect(await axial.locator('[data-testid=corner-patient]').textContent()).toContain('ID VB0001');

  // A threshold over the upper half of the values, through the Segment Editor, into a new segment.
  await page.waitForSelector('[data-testid=segments-panel][data-revision]');
  let before = await segmentsRevision(page);
  await page.click('[data-testid=add-segment]');
  await expect.poll(() => segmentsRevision(page)).toBeGreaterThan(before);
  await page.click('[data-segment-tool=threshold]');
  const high = Number(await page.locator('[data-testid=range-high]').inputValue());
  const low = Number(await page.locator('[data-testid=range-low]').inputValue());
  await page.fill('[data-testid=range-low]', String((low + high) / 2));
  before = await segmentsRevision(page);
  await page.click('[data-testid=apply-tool]');
  await expect.poll(() => segmentsRevision(page), { timeout: 20_000 }).toBeGreaterThan(before);
  await settled(page);
  await page.screenshot({ path: join(RESULTS, 'hospital-segmented.png') });

  // The SEG to the PACS; Orthanc's own QIDO-RS finds it, and the panel lists it on the study.
  const panel = pacsPanel(page);
  await panel.getByRole('button', { name: 'Store segmentation in orthanc' }).click();
  const stored = panel.locator('[data-testid=pacs-store] .hint');
  await expect.poll(() => stored.textContent(), { timeout: 30_000 }).toMatch(/^Stored as DICOM SEG series [\d.]+$/);
  const segSeries = (await stored.textContent())!.split(' ').pop()!;
  expect(await segSeriesInPacs()).toContain(segSeries);
  await panel.locator('[data-testid=pacs-study] button').click();
  await expect.poll(() => panel.locator('[data-testid=pacs-series]', { hasText: 'SEG' }).count()).toBe(1);

  // Pushed to the data centre: de-identified series and SEG, catalogued with the method.
  await page.click('[data-testid=sync-toggle]');
  await page.fill('textarea[aria-label=Description]', 'Bright structures, upper half of the range');
  await page.click('[data-testid=sync-push]');
  await expect.poll(doneJobs, { timeout: 60_000 }).toBe(1);
  await page.screenshot({ path: join(RESULTS, 'hospital-pushed.png') });
  const [dataset, ...others] = await dc.catalogue.datasets();
  expect(others).toEqual([]);
  expect((dataset!.scientificMetadata as { deidentification: { codes: { value: string }[] } }).deidentification.codes.map(({ value }) => value)).toEqual(['113100', '113107']);
  const objects = await objectsOf(dataset!.pid as string);
  const sources = await Promise.all((await dicomFiles(CT)).map(header));
  const ctSlices = sources.filter((source) => source.Modality === 'CT');
  expect([...objects.keys()].sort()).toEqual([...ctSlices.map((_, i) => `image-${String(i + 1).padStart(4, '0')}.dcm`), 'segmentation.dcm', 'voxbench-dataset.json'].sort());
  const identifying = ['Phantom', 'VB0001', ...ctSlices.flatMap((source) => [source.StudyInstanceUID, source.SeriesInstanceUID, source.SOPInstanceUID] as string[])];
  for (const [name, bytes] of [...objects, ['catalogue', Buffer.from(JSON.stringify(dataset))] as const]) {
    for (const value of identifying) expect(bytes.toString('latin1').includes(value), `${name} holds ${value}`).toBe(false);
  }
}, 240_000);

test('a series that may carry burned-in text: the push asks, naming the series and why, and goes only when confirmed', async () => {
  const { page } = session;
  await page.click('[data-testid=sync-toggle]'); // the drawer covers the PACS panel's search
  await chooseStudy(page, 'Doe');
  await openSeries(page, seriesRow(page, 'OT of Jane Doe'));
  await page.click('[data-testid=sync-toggle]');
  await page.fill('textarea[aria-label=Description]', 'Screen captures');
  await page.click('[data-testid=sync-push]');
  const dialog = page.locator('[data-testid=burned-in-confirm]');
  await dialog.waitFor({ timeout: 30_000 });
  expect(await dialog.innerText()).toMatch(/OT of Jane Doe: 3 of its 3 file\(s\) may show the patient in their pixels.*Burned In Annotation \(0028,0301\) is YES/);
  await page.screenshot({ path: join(RESULTS, 'hospital-burned-in.png') });

  await dialog.getByRole('button', { name: "Don't push" }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  expect(await page.locator('[data-testid=sync-job]').count()).toBe(1);

  await page.click('[data-testid=sync-push]');
  await dialog.getByRole('button', { name: 'I checked the images: push' }).click();
  await expect.poll(doneJobs, { timeout: 60_000 }).toBe(2);
  expect(await dc.catalogue.datasets()).toHaveLength(2);
}, 120_000);
