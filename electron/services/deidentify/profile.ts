// DICOM PS3.15 (2024b) Annex E, Table E.1-1, Basic Application Level Confidentiality Profile: the rows for the
// attributes our data carries and the common identifying ones, with the profile's action. Where the table offers
// a choice (X/Z, X/Z/D …) the strictest that keeps the object valid is taken, noted in `choice`. Attributes not
// listed are kept; private attributes are removed (E.3.1: Retain Safe Private Option not applied).
export type Action = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';

export interface ProfileRow {
  /** Tag as 8 hex digits, group then element. */
  tag: string;
  name: string;
  action: Action;
  /** What Table E.1-1 lists when it offers a choice. */
  choice?: string;
  /** A date or time the Retain Longitudinal Temporal Information with Modified Dates Option shifts instead. */
  temporal?: true;
}

const row = (tag: string, name: string, action: Action, extra: Omit<ProfileRow, 'tag' | 'name' | 'action'> = {}): ProfileRow => ({ tag, name, action, ...extra });

export const BASIC_PROFILE: ProfileRow[] = [
  row('00020003', 'Media Storage SOP Instance UID', 'U'),
  row('00080014', 'Instance Creator UID', 'U'),
  row('00080018', 'SOP Instance UID', 'U'),
  row('00080020', 'Study Date', 'Z', { temporal: true }),
  row('00080021', 'Series Date', 'X', { choice: 'X/D', temporal: true }),
  row('00080022', 'Acquisition Date', 'X', { choice: 'X/D', temporal: true }),
  row('00080023', 'Content Date', 'Z', { choice: 'Z/D', temporal: true }),
  row('0008002A', 'Acquisition DateTime', 'X', { choice: 'X/D', temporal: true }),
  row('00080030', 'Study Time', 'Z', { temporal: true }),
  row('00080031', 'Series Time', 'X', { choice: 'X/D', temporal: true }),
  row('00080032', 'Acquisition Time', 'X', { choice: 'X/D', temporal: true }),
  row('00080033', 'Content Time', 'Z', { choice: 'Z/D', temporal: true }),
  row('00080050', 'Accession Number', 'Z'),
  row('00080080', 'Institution Name', 'X', { choice: 'X/Z/D' }),
  row('00080081', 'Institution Address', 'X'),
  row('00080090', "Referring Physician's Name", 'Z'),
  row('00080092', "Referring Physician's Address", 'X'),
  row('00080094', "Referring Physician's Telephone Numbers", 'X'),
  row('00080201', 'Timezone Offset From UTC', 'X'),
  row('00081010', 'Station Name', 'X', { choice: 'X/Z/D' }),
  row('00081030', 'Study Description', 'X'),
  row('0008103E', 'Series Description', 'X'),
  row('00081040', 'Institutional Department Name', 'X'),
  row('00081048', 'Physician(s) of Record', 'X'),
  row('00081050', "Performing Physicians' Name", 'X'),
  row('00081060', 'Name of Physician(s) Reading Study', 'X'),
  row('00081070', "Operators' Name", 'X', { choice: 'X/Z/D' }),
  row('00081110', 'Referenced Study Sequence', 'X', { choice: 'X/Z' }),
  row('00081111', 'Referenced Performed Procedure Step Sequence', 'X', { choice: 'X/Z/D' }),
  row('00081120', 'Referenced Patient Sequence', 'X'),
  row('00081155', 'Referenced SOP Instance UID', 'U'),
  row('00100010', "Patient's Name", 'Z'),
  row('00100020', 'Patient ID', 'Z'),
  row('00100030', "Patient's Birth Date", 'Z'),
  row('00100032', "Patient's Birth Time", 'X'),
  row('00100040', "Patient's Sex", 'Z'),
  row('00101000', 'Other Patient IDs', 'X'),
  row('00101001', 'Other Patient Names', 'X'),
  row('00101010', "Patient's Age", 'X'),
  row('00101020', "Patient's Size", 'X'),
  row('00101030', "Patient's Weight", 'X'),
  row('00101040', "Patient's Address", 'X'),
  row('00102154', "Patient's Telephone Numbers", 'X'),
  row('001021B0', 'Additional Patient History', 'X'),
  row('00104000', 'Patient Comments', 'X'),
  row('00181000', 'Device Serial Number', 'X', { choice: 'X/Z/D' }),
  row('00181030', 'Protocol Name', 'X', { choice: 'X/D' }),
  row('0020000D', 'Study Instance UID', 'U'),
  row('0020000E', 'Series Instance UID', 'U'),
  row('00200010', 'Study ID', 'Z'),
  row('00200052', 'Frame of Reference UID', 'U'),
  row('00200200', 'Synchronization Frame of Reference UID', 'U'),
  row('00204000', 'Image Comments', 'X'),
  row('00321032', 'Requesting Physician', 'X'),
  row('00321060', 'Requested Procedure Description', 'X', { choice: 'X/Z' }),
  row('00380010', 'Admission ID', 'X'),
  row('00380300', 'Current Patient Location', 'X'),
  row('00400244', 'Performed Procedure Step Start Date', 'X', { temporal: true }),
  row('00400253', 'Performed Procedure Step ID', 'X'),
  row('00400254', 'Performed Procedure Step Description', 'X'),
  row('00400275', 'Request Attributes Sequence', 'X'),
  row('0040A124', 'UID', 'U'),
  row('00880140', 'Storage Media File-set UID', 'U'),
];

/** De-identification Method Code Sequence values (PS3.16 CID 7050). */
export const METHOD_CODES = {
  basic: { CodeValue: '113100', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Basic Application Confidentiality Profile' },
  modifiedDates: { CodeValue: '113107', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
} as const;

/** Modalities whose images often carry burned-in text (ultrasound, secondary capture, X-ray angiography). */
export const BURNED_IN_MODALITIES = new Set(['US', 'SC', 'XA', 'ES', 'OT']);
