// DICOM SEG out and in: a segmentation of a pydicom-written CT series exported as a SEG that dciodvfy (dicom3tools)
// finds no error in and pydicom places on the source series by ReferencedSOPInstanceUID; opened back onto the
// series with equal labels; stored to a real Orthanc by STOW-RS, found by QIDO-RS and fetched by WADO-RS.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import { stowInstances } from '../../electron/services/dicomSeg/stow';
import { dicomSegBytes } from '../../electron/services/dicomSeg/write';
import { segmentAlgorithms } from '../../electron/services/dicomSeg/algorithms';
import { generatedDir } from '../fixtures/reference';
import { startPacs, stopPacs, storeInPacs, type Pacs } from '../dc/orthanc';
import { call, labelsOf, root, scratch, startHost } from './segmentHarness';

const series = join(generatedDir, 'dicom', 'ct_signed');
let host: Host;
let id: string;

beforeAll(async () => {
  host = startHost();
  id = (await call(host, 'volume.open', { path: series })).id;
  // Three segments made three ways: a model's import (AUTOMATIC), a threshold (SEMIAUTOMATIC), a brush (MANUAL).
  const [w, h, d] = [40, 32, 12];
  const model = new Uint8Array(w * h * d);
  for (let z = 3; z < 8; z++) for (let y = 4; y < 12; y++) for (let x = 5; x < 14; x++) model[x + w * (y + h * z)] = 1;
  await host.services.segments.importLabels(id, model, [{ value: 1, name: 'Liver', color: [255, 0, 0] }], { source: 'inference', model: 'Toy liver', version: '2.1', sha256: '0' });
  await call(host, 'segment.add', { volumeId: id, name: 'Bone', color: [241, 214, 145], value: 2 });
  await call(host, 'segment.apply', { volumeId: id, operation: { tool: 'threshold', segment: 2, range: [300, 900], overwrite: 'empty' } });
  await call(host, 'segment.add', { volumeId: id, name: 'Lesion', color: [0, 151, 206], value: 3 });
  await call(host, 'segment.apply', { volumeId: id, operation: { tool: 'paint', segment: 3, shape: 'disc', axis: 2, radiusMm: 3, points: [[25, 20, 6]], overwrite: 'empty' } });
});
afterAll(() => host?.close());

/** dciodvfy's findings: "Error" lines fail the IOD (warnings about optional attributes do not). */
function dciodvfyErrors(path: string): string[] {
  const { stdout, stderr } = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
  return `${stdout}\n${stderr}`.split('\n').filter((line) => /error/i.test(line));
}

interface PydicomSeg {
  sopClass: string;
  modality: string;
  segmentationType: string;
  study: string;
  sourceStudy: string;
  frameOfReference: string | null;
  sourceFrameOfReference: string | null;
  patientId: string;
  referencedSeries: string;
  sourceSeries: string;
  referencedInstances: string[];
  sourceInstances: string[];
  sourcePositions: Record<string, number[]>;
  frames: { segment: number; source: string; sourceClass: string; position: number[] }[];
  segments: { number: number; label: string; type: string; name: string | null; lab: number[]; category: string[]; propertyType: string[] }[];
}

function pydicomReads(path: string): { seg: PydicomSeg; labels: Uint8Array } {
  const out = join(scratch, 'pydicom-labels.raw');
  const seg = JSON.parse(execFileSync('/usr/bin/python3', [join(root, 'test/fixtures/seg_reference.py'), path, series, out], { encoding: 'utf8' })) as PydicomSeg;
  return { seg, labels: new Uint8Array(readFileSync(out)) };
}

test('the exported SEG passes dciodvfy and pydicom finds its references, segments and frames on the source series', { timeout: 60_000 }, async () => {
  const path = join(scratch, 'ct.seg.dcm');
  await call(host, 'segment.export', { volumeId: id, path });
  expect(dciodvfyErrors(path)).toEqual([]);
  const { seg, labels } = pydicomReads(path);
  expect(seg).toMatchObject({ sopClass: '1.2.840.10008.5.1.4.1.1.66.4', modality: 'SEG', segmentationType: 'BINARY', study: seg.sourceStudy, referencedSeries: seg.sourceSeries, patientId: 'VB0001' });
  expect(seg.frameOfReference).toBe(seg.sourceFrameOfReference);
  expect(seg.frameOfReference).toMatch(/^[\d.]+$/);
  expect(seg.referencedInstances).toEqual(seg.sourceInstances);
  // sRGB red in CIELab D50 (Bradford-adapted, as ICC): L* 54.29, a* 80.80, b* 69.89 (Lindbloom; Photoshop shows 54, 81, 70).
  const expectedLab = [54.29, 80.8, 69.89].map((v, i) => (i === 0 ? (v * 65535) / 100 : ((v + 128) * 65535) / 255));
  seg.segments[0]!.lab.forEach((value, i) => expect(Math.abs(value - expectedLab[i]!)).toBeLessThan(0.2 * 655.35));
  expect(seg.segments.map(({ number, label, type, name, category, propertyType }) => ({ number, label, type, name, category, propertyType }))).toEqual([
    { number: 1, label: 'Liver', type: 'AUTOMATIC', name: 'Toy liver 2.1', category: ['85756007', 'SCT', 'Tissue'], propertyType: ['85756007', 'SCT', 'Tissue'] },
    { number: 2, label: 'Bone', type: 'SEMIAUTOMATIC', name: 'Voxbench threshold', category: ['85756007', 'SCT', 'Tissue'], propertyType: ['85756007', 'SCT', 'Tissue'] },
    { number: 3, label: 'Lesion', type: 'MANUAL', name: null, category: ['85756007', 'SCT', 'Tissue'], propertyType: ['85756007', 'SCT', 'Tissue'] },
  ]);
  // Each frame's position is its source slice's, and pydicom's labelmap (placed by SOP Instance UID) is ours.
  for (const frame of seg.frames) frame.position.forEach((value, i) => expect(value).toBeCloseTo(seg.sourcePositions[frame.source]![i]!, 4));
  expect(new Set(seg.frames.map((frame) => frame.sourceClass))).toEqual(new Set(['1.2.840.10008.5.1.4.1.1.2']));
  expect(labels).toEqual(await labelsOf(host, id));
});

test('a SEG opens back onto its series with the labels, names and colours it was written with', { timeout: 60_000 }, async () => {
  const path = join(scratch, 'round-trip.dcm');
  await call(host, 'segment.export', { volumeId: id, path });
  const other = (await call(host, 'volume.open', { path: series })).id;
  const imported = await call(host, 'segment.import', { volumeId: other, path });
  expect(imported.segments.map(({ value, name }) => [value, name])).toEqual([[1, 'Liver'], [2, 'Bone'], [3, 'Lesion']]);
  // CIELab rounds to 16 bits: colours come back within one step of 255.
  imported.segments.forEach(({ color }, k) => color.forEach((c, i) => expect(Math.abs(c - [[255, 0, 0], [241, 214, 145], [0, 151, 206]][k]![i]!)).toBeLessThanOrEqual(1)));
  expect(await labelsOf(host, other)).toEqual(await labelsOf(host, id));
});

let pacs: Pacs | undefined;
afterAll(async () => {
  if (pacs) await stopPacs(pacs);
});

test('STOW-RS to Orthanc, QIDO-RS finds the SEG by modality, WADO-RS fetches it and it opens onto its series', { timeout: 120_000 }, async () => {
  pacs = await startPacs();
  const files = readdirSync(series).map((name) => readFileSync(join(series, name))).filter((bytes) => bytes.subarray(128, 132).toString('latin1') === 'DICM');
  await storeInPacs(pacs, files.map((bytes) => new Uint8Array(bytes)));
  const { info } = host.services.volumes.get(id);
  const segmentation = host.services.segments.of(id);
  const [w, h] = info.dims;
  const bytes = await dicomSegBytes({
    volume: info,
    slice: (z) => segmentation.labelmap.readBox({ min: [0, 0, z], max: [w, h, z + 1] }),
    segments: segmentation.segments,
    algorithms: segmentAlgorithms(host.services.segments.actions(id)),
    software: 'Voxbench test',
  });
  const authorization = `Basic ${Buffer.from(`${pacs.username}:${pacs.password}`).toString('base64')}`;
  await stowInstances({ url: pacs.dicomWeb, authorization }, [bytes]);

  const get = async (path: string, accept: string) => {
    const response = await fetch(`${pacs!.dicomWeb}${path}`, { headers: { Authorization: authorization, Accept: accept } });
    expect(response.status).toBe(200);
    return response;
  };
  const found = (await (await get('/series?Modality=SEG', 'application/dicom+json')).json()) as Record<string, { Value?: string[] }>[];
  expect(found).toHaveLength(1);
  const [study, seriesUid] = [found[0]!['0020000D']!.Value![0]!, found[0]!['0020000E']!.Value![0]!];
  const instances = (await (await get(`/studies/${study}/series/${seriesUid}/instances`, 'application/dicom+json')).json()) as Record<string, { Value?: string[] }>[];
  const instance = instances[0]!['00080018']!.Value![0]!;
  const multipart = new Uint8Array(await (await get(`/studies/${study}/series/${seriesUid}/instances/${instance}`, 'multipart/related; type="application/dicom"')).arrayBuffer());
  // The one part's body: after the first blank line, up to the closing boundary.
  const text = Buffer.from(multipart).toString('latin1');
  const start = text.indexOf('\r\n\r\n') + 4;
  const end = text.lastIndexOf('\r\n--');
  const fetched = join(scratch, 'from-pacs.dcm');
  writeFileSync(fetched, multipart.subarray(start, end));
  expect(dciodvfyErrors(fetched)).toEqual([]);
  const other = (await call(host, 'volume.open', { path: series })).id;
  await call(host, 'segment.import', { volumeId: other, path: fetched });
  expect(await labelsOf(host, other)).toEqual(await labelsOf(host, id));
});
