// De-identification of a two-series study and a SEG made on it, checked attribute by attribute against PS3.15's
// Basic Application Level Confidentiality Profile (rows transcribed below from Table E.1-1 with their source,
// independently of electron/services/deidentify/profile.ts), UIDs consistent across series and with the SEG.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs, { type NaturalDataset } from 'dcmjs';
import { expect, test } from 'vitest';
import { deidentifySession } from '../../electron/services/deidentify/deidentify';
import { deidentifyPath } from '../../electron/services/deidentify/files';
import { writeDicomSeg } from '../../electron/services/dicomSeg/write';
import { openScan } from '../../electron/services/io/registry';
import { generatedDir } from '../fixtures/reference';

const study = join(generatedDir, 'deidentify', 'study');
const identity = JSON.parse(readFileSync(join(generatedDir, 'deidentify', 'identity.json'), 'utf8')) as Record<string, string>;

/**
 * PS3.15 2024b Table E.1-1, Basic Profile column, for the attributes the fixture carries (tag, action; a choice's
 * options in the comment). Source: https://dicom.nema.org/medical/dicom/2024b/output/html/part15.html#table_E.1-1,
 * as innolitics/dicom-standard carries it in standard/confidentiality_profile_attributes.json (commit 8670abdd).
 */
const TABLE_E11: Record<string, [string, 'Z' | 'X' | 'D' | 'U' | 'K']> = {
  PatientName: ['(0010,0010)', 'Z'],
  PatientID: ['(0010,0020)', 'Z'], // Z/D (Z before 2024b): type 2, so Z
  PatientBirthDate: ['(0010,0030)', 'Z'],
  PatientSex: ['(0010,0040)', 'Z'],
  PatientAge: ['(0010,1010)', 'X'],
  PatientAddress: ['(0010,1040)', 'X'],
  AccessionNumber: ['(0008,0050)', 'Z'],
  StudyID: ['(0020,0010)', 'Z'],
  InstitutionName: ['(0008,0080)', 'X'], // X/Z/D: type 3 in these IODs, so X
  InstitutionAddress: ['(0008,0081)', 'X'],
  ReferringPhysicianName: ['(0008,0090)', 'Z'],
  OperatorsName: ['(0008,1070)', 'X'], // X/Z/D: type 3, so X
  StudyDate: ['(0008,0020)', 'Z'],
  StudyTime: ['(0008,0030)', 'Z'],
  SeriesDate: ['(0008,0021)', 'X'], // X/D
  SeriesTime: ['(0008,0031)', 'X'], // X/D
  ContentDate: ['(0008,0023)', 'Z'], // Z/D
  StudyDescription: ['(0008,1030)', 'X'],
  SeriesDescription: ['(0008,103E)', 'X'],
  StationName: ['(0008,1010)', 'X'], // X/Z/D
  DeviceSerialNumber: ['(0018,1000)', 'D'], // X/Z/D: type 1 in the SEG's Enhanced General Equipment, so D
  StudyInstanceUID: ['(0020,000D)', 'U'],
  SeriesInstanceUID: ['(0020,000E)', 'U'],
  SOPInstanceUID: ['(0008,0018)', 'U'],
  FrameOfReferenceUID: ['(0020,0052)', 'U'],
  // Not in the table: kept.
  Modality: ['(0008,0060)', 'K'],
  ImagePositionPatient: ['(0020,0032)', 'K'],
};

const read = (path: string) => {
  const bytes = readFileSync(path);
  const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return { dataset: dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict), elements: file.dict, meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.meta) };
};
const files = (folder: string) => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();

test('a study and its SEG de-identify per Table E.1-1, with the same new UIDs across series and in the SEG', { timeout: 60_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'voxbench-deid-'));
  // A SEG on the CT series, beside the study, de-identified in the same session.
  const ct = await openScan(join(study, 'ct'));
  const labels = new Uint8Array(8 * 8 * 4).fill(1, 64, 128);
  await writeDicomSeg(join(work, 'ct-seg.dcm'), { volume: ct.meta, slice: async (z) => labels.subarray(z * 64, z * 64 + 64), segments: [{ value: 1, name: 'Nodule', color: [255, 0, 0] }], algorithms: new Map(), software: 'test' });
  await ct.close();

  const session = deidentifySession();
  const out = join(work, 'out');
  await deidentifyPath(study, join(out, 'study'), session);
  await deidentifyPath(join(work, 'ct-seg.dcm'), join(out, 'ct-seg.dcm'), session);

  const before = new Map(files(study).map((path) => [path.slice(study.length), read(path)]));
  const after = files(join(out, 'study'));
  expect(after).toHaveLength(7);
  const newUids = new Map<string, string>();
  for (const path of after) {
    const original = before.get(path.slice(join(out, 'study').length))!;
    const { dataset, elements, meta } = read(path);
    for (const [keyword, [tag, action]] of Object.entries(TABLE_E11)) {
      const was = original.dataset[keyword];
      expect(was, `fixture carries ${keyword} ${tag}`).toBeDefined();
      const now = dataset[keyword];
      if (action === 'X') expect(now, `${keyword} ${tag} X`).toBeUndefined();
      if (action === 'Z') expect(now === '' || now === undefined || (Array.isArray(now) && now.length === 0) || JSON.stringify(now) === '[]' || (typeof now === 'object' && JSON.stringify(now).replace(/[{}[\]"Alphabetic:]/g, '') === ''), `${keyword} ${tag} Z: ${JSON.stringify(now)}`).toBe(true);
      if (action === 'K') expect(now).toEqual(was);
      if (action === 'D') expect(now, `${keyword} ${tag} D: a dummy value`).toMatch(/^(?!$)/);
      if (action === 'D') expect(now).not.toBe(was);
      if (action === 'U') {
        expect(now).toMatch(/^2\.25\.\d+$/);
        expect(now).not.toBe(was);
        // One old UID, one new UID: across files and series.
        if (newUids.has(was as string)) expect(now).toBe(newUids.get(was as string));
        newUids.set(was as string, now as string);
      }
    }
    // No identifying value survives anywhere in the data set, private elements are gone, the method is recorded.
    const text = JSON.stringify(elements);
    // (PatientSex's one letter, checked above, would match any VR name.)
    for (const value of Object.values(identity).filter((value) => value.length > 2)) expect(text.includes(value), value).toBe(false);
    expect(Object.keys(elements).filter((tag) => parseInt(tag.slice(0, 4), 16) % 2 === 1)).toEqual([]);
    expect(dataset.PatientIdentityRemoved).toBe('YES');
    expect((dataset.DeidentificationMethodCodeSequence as NaturalDataset[]).map((item) => item.CodeValue)).toEqual(['113100']);
    expect(meta.MediaStorageSOPInstanceUID).toBe(dataset.SOPInstanceUID);
  }
  const studies = new Set(after.map((path) => read(path).dataset.StudyInstanceUID));
  expect(studies.size).toBe(1);
  expect(new Set(after.map((path) => read(path).dataset.SeriesInstanceUID)).size).toBe(2);

  // The SEG: its study, frame of reference, referenced series and every referenced instance are the new UIDs.
  const seg = read(join(out, 'ct-seg.dcm')).dataset;
  const ctFiles = files(join(out, 'study', 'ct')).map((path) => read(path).dataset);
  expect(seg.StudyInstanceUID).toBe([...studies][0]);
  expect(seg.FrameOfReferenceUID).toBe(ctFiles[0]!.FrameOfReferenceUID);
  const referenced = (seg.ReferencedSeriesSequence as NaturalDataset[])[0]!;
  expect(referenced.SeriesInstanceUID).toBe(ctFiles[0]!.SeriesInstanceUID);
  const instances = (referenced.ReferencedInstanceSequence as NaturalDataset[]).map((item) => item.ReferencedSOPInstanceUID).sort();
  expect(instances).toEqual(ctFiles.map((ds) => ds.SOPInstanceUID).sort());
  // Source Image Sequence (X/Z/U*): kept as U*, each frame's source is a new CT instance UID.
  const frames = seg.PerFrameFunctionalGroupsSequence as NaturalDataset[];
  const sources = frames.map((frame) => (((frame.DerivationImageSequence as NaturalDataset[])[0]!.SourceImageSequence as NaturalDataset[])[0]!.ReferencedSOPInstanceUID as string));
  expect(sources.length).toBeGreaterThan(0);
  for (const source of sources) expect(instances).toContain(source);
  // Dimension Organization UID (U): replaced, the same new UID where the organization and its indices name it.
  const dimension = (seg.DimensionOrganizationSequence as NaturalDataset[])[0]!.DimensionOrganizationUID;
  expect(dimension).toMatch(/^2\.25\.\d+$/);
  expect(dimension).not.toBe((read(join(work, 'ct-seg.dcm')).dataset.DimensionOrganizationSequence as NaturalDataset[])[0]!.DimensionOrganizationUID);
  for (const index of seg.DimensionIndexSequence as NaturalDataset[]) expect(index.DimensionOrganizationUID).toBe(dimension);
  expect(seg.PatientName === '' || JSON.stringify(seg.PatientName ?? '').includes('Doe') === false).toBe(true);
});

test('dates shift by whole days with the Modified Dates option, which the method codes record', async () => {
  const out = mkdtempSync(join(tmpdir(), 'voxbench-deid-shift-'));
  await deidentifyPath(join(study, 'mr', '0.dcm'), join(out, 'mr.dcm'), deidentifySession({ shiftDays: -40 }));
  const { dataset } = read(join(out, 'mr.dcm'));
  expect(dataset.StudyDate).toBe('20240121');
  expect(dataset.PatientBirthDate).toBe('');
  expect((dataset.DeidentificationMethodCodeSequence as NaturalDataset[]).map((item) => item.CodeValue)).toEqual(['113100', '113107']);
});
