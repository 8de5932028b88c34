// A study query in the user's words, as QIDO-RS query parameters (PS3.18 8.3.4), and the answer newest first.
import type { PacsSeries, PacsStudy, StudyQuery } from '../../common/pacsModel.js';
import { studyQuerySchema } from '../../common/pacsModel.js';
import type { DicomWebClient } from './dicomWeb.js';
import { seriesOf, studyOf, tags } from './dicomJson.js';

const STUDY_FIELDS = [tags.studyDescription, tags.patientBirthDate, tags.patientSex, tags.modalitiesInStudy, tags.seriesInStudy, tags.instancesInStudy];
const SERIES_FIELDS = [tags.seriesDescription, tags.seriesNumber, tags.instancesInSeries];

/** Names match as prefixes unless the user wrote a wildcard, as PACS viewers search. */
const prefixMatch = (text: string) => (/[*?]/.test(text) ? text : `${text}*`);

export function studyParameters(input: StudyQuery): Record<string, string | string[]> {
  const query = studyQuerySchema.parse(input);
  const parameters: Record<string, string | string[]> = { limit: String(query.limit), includefield: STUDY_FIELDS };
  if (query.patientName?.trim()) parameters.PatientName = prefixMatch(query.patientName.trim());
  if (query.patientId?.trim()) parameters.PatientID = query.patientId.trim();
  if (query.dateFrom || query.dateTo) parameters.StudyDate = `${query.dateFrom ?? ''}-${query.dateTo ?? ''}`;
  if (query.modality) parameters.ModalitiesInStudy = query.modality;
  if (query.accessionNumber?.trim()) parameters.AccessionNumber = query.accessionNumber.trim();
  return parameters;
}

export async function searchStudies(pacs: DicomWebClient, query: StudyQuery): Promise<PacsStudy[]> {
  const studies = (await pacs.search('studies', studyParameters(query))).map(studyOf);
  return studies.sort((a, b) => (b.studyDate ?? '').localeCompare(a.studyDate ?? ''));
}

export async function listSeries(pacs: DicomWebClient, studyUid: string): Promise<PacsSeries[]> {
  const series = (await pacs.search(`studies/${studyUid}/series`, { includefield: SERIES_FIELDS })).map((item) => seriesOf(item, studyUid));
  return series.sort((a, b) => (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0));
}

/** The series' instance UIDs in instance-number order. */
export async function listInstances(pacs: DicomWebClient, studyUid: string, seriesUid: string, signal?: AbortSignal): Promise<string[]> {
  const items = await pacs.search(`studies/${studyUid}/series/${seriesUid}/instances`, { includefield: [tags.instanceNumber] }, signal);
  const number = (item: (typeof items)[number]) => Number(item[tags.instanceNumber]?.Value?.[0] ?? 0);
  return items.sort((a, b) => number(a) - number(b)).map((item) => String(item[tags.sopInstanceUid]?.Value?.[0] ?? ''));
}
