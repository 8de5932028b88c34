// Values of the DICOM JSON model (PS3.18 F.2) that QIDO-RS answers with, and the studies and series they describe.
import type { PacsSeries, PacsStudy } from '../../common/pacsModel.js';

export type DicomJson = Record<string, { vr: string; Value?: unknown[] } | undefined>;

/** The element's first value as text (a person name's alphabetic form). */
export function textOf(item: DicomJson, tag: string): string | undefined {
  const value = item[tag]?.Value?.[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return (value as { Alphabetic?: string }).Alphabetic;
  return String(value);
}

const numberOf = (item: DicomJson, tag: string) => {
  const value = Number(textOf(item, tag));
  return textOf(item, tag) !== undefined && Number.isFinite(value) ? value : undefined;
};

const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export const tags = {
  studyDate: '00080020',
  accessionNumber: '00080050',
  modalitiesInStudy: '00080061',
  modality: '00080060',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  patientName: '00100010',
  patientId: '00100020',
  patientBirthDate: '00100030',
  patientSex: '00100040',
  studyUid: '0020000D',
  seriesUid: '0020000E',
  seriesNumber: '00200011',
  sopInstanceUid: '00080018',
  instanceNumber: '00200013',
  seriesInStudy: '00201206',
  instancesInStudy: '00201208',
  instancesInSeries: '00201209',
} as const;

export function studyOf(item: DicomJson): PacsStudy {
  return defined({
    studyUid: textOf(item, tags.studyUid) ?? '',
    patientName: textOf(item, tags.patientName) ?? '',
    patientId: textOf(item, tags.patientId) ?? '',
    patientBirthDate: textOf(item, tags.patientBirthDate),
    patientSex: textOf(item, tags.patientSex),
    studyDate: textOf(item, tags.studyDate),
    description: textOf(item, tags.studyDescription),
    accessionNumber: textOf(item, tags.accessionNumber),
    modalities: (item[tags.modalitiesInStudy]?.Value ?? []).map(String),
    seriesCount: numberOf(item, tags.seriesInStudy),
    instanceCount: numberOf(item, tags.instancesInStudy),
  });
}

export function seriesOf(item: DicomJson, studyUid: string): PacsSeries {
  return defined({
    studyUid,
    seriesUid: textOf(item, tags.seriesUid) ?? '',
    modality: textOf(item, tags.modality),
    description: textOf(item, tags.seriesDescription),
    seriesNumber: numberOf(item, tags.seriesNumber),
    instanceCount: numberOf(item, tags.instancesInSeries),
  });
}
