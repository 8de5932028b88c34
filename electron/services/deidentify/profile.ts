// DICOM PS3.15 2024b Annex E, Table E.1-1, Basic Application Level Confidentiality Profile: the rows for the
// attributes our data carries and the common identifying ones of CT/MR/SEG, with the profile's action. Checked row by
// row (tag, name, Basic Profile column) against innolitics/dicom-standard standard/confidentiality_profile_attributes.json
// at 8670abdd ("Update standard to rev2024b", parsed from dicom.nema.org/medical/dicom/2024b/output/html/part15.html).
// Where the table offers a choice (X/Z, X/Z/D …) `choice` keeps it and the comment says which is taken and why:
// X where the attribute is type 3 in the CT/MR/SEG IODs we write, Z where it is type 2, U* (the sequence kept, its
// items through this table) where a SEG needs the references. Attributes not listed are kept; private attributes
// are removed (E.3.1: Retain Safe Private Option not applied).
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
  row('00080012', 'Instance Creation Date', 'X', { choice: 'X/D', temporal: true }), // type 3 in SOP Common
  row('00080013', 'Instance Creation Time', 'X', { choice: 'X/Z/D', temporal: true }), // type 3 in SOP Common
  row('00080014', 'Instance Creator UID', 'U'),
  row('00080018', 'SOP Instance UID', 'U'),
  row('00080020', 'Study Date', 'Z', { temporal: true }),
  row('00080021', 'Series Date', 'X', { choice: 'X/D', temporal: true }), // type 3 in General Series
  row('00080022', 'Acquisition Date', 'X', { choice: 'X/Z', temporal: true }), // type 3 in General Image
  row('00080023', 'Content Date', 'Z', { choice: 'Z/D', temporal: true }), // type 2 in General Image
  row('0008002A', 'Acquisition DateTime', 'X', { choice: 'X/Z/D', temporal: true }), // type 3 in General Image (enhanced multi-frame IODs would need D)
  row('00080030', 'Study Time', 'Z', { temporal: true }),
  row('00080031', 'Series Time', 'X', { choice: 'X/D', temporal: true }), // type 3 in General Series
  row('00080032', 'Acquisition Time', 'X', { choice: 'X/Z', temporal: true }), // type 3 in General Image
  row('00080033', 'Content Time', 'Z', { choice: 'Z/D', temporal: true }), // type 2 in General Image
  row('00080050', 'Accession Number', 'Z'),
  row('00080080', 'Institution Name', 'X', { choice: 'X/Z/D' }), // type 3 in General Equipment
  row('00080081', 'Institution Address', 'X'),
  row('00080082', 'Institution Code Sequence', 'X', { choice: 'X/Z/D' }), // type 3 in General Equipment
  row('00080090', "Referring Physician's Name", 'Z'),
  row('00080092', "Referring Physician's Address", 'X'),
  row('00080094', "Referring Physician's Telephone Numbers", 'X'),
  row('00080096', 'Referring Physician Identification Sequence', 'X'),
  row('00080201', 'Timezone Offset From UTC', 'X', { temporal: true }),
  row('00081010', 'Station Name', 'X', { choice: 'X/Z/D' }), // type 3 in General Equipment
  row('00081030', 'Study Description', 'X'),
  row('0008103E', 'Series Description', 'X'),
  row('00081040', 'Institutional Department Name', 'X'),
  row('00081048', 'Physician(s) of Record', 'X'),
  row('00081049', 'Physician(s) of Record Identification Sequence', 'X'),
  row('00081050', "Performing Physician's Name", 'X'),
  row('00081052', 'Performing Physician Identification Sequence', 'X'),
  row('00081060', 'Name of Physician(s) Reading Study', 'X'),
  row('00081062', 'Physician(s) Reading Study Identification Sequence', 'X'),
  row('00081070', "Operators' Name", 'X', { choice: 'X/Z/D' }), // type 3 in General Series
  row('00081072', 'Operator Identification Sequence', 'X', { choice: 'X/D' }), // type 3 in General Series
  row('00081080', 'Admitting Diagnoses Description', 'X'),
  row('00081110', 'Referenced Study Sequence', 'X', { choice: 'X/Z' }), // type 3 in General Study
  row('00081111', 'Referenced Performed Procedure Step Sequence', 'X', { choice: 'X/Z/D' }), // type 3 in General Series
  row('00081120', 'Referenced Patient Sequence', 'X'),
  row('00081140', 'Referenced Image Sequence', 'U', { choice: 'X/Z/U*' }), // U*: keeps localizer references, their UIDs mapped like the images'
  row('00081155', 'Referenced SOP Instance UID', 'U'),
  row('00082111', 'Derivation Description', 'X'),
  row('00082112', 'Source Image Sequence', 'U', { choice: 'X/Z/U*' }), // U*: type 1 in a SEG's Derivation Image Sequence
  row('00083010', 'Irradiation Event UID', 'U'),
  row('00100010', "Patient's Name", 'Z'),
  row('00100020', 'Patient ID', 'Z', { choice: 'Z/D' }), // type 2 in Patient
  row('00100021', 'Issuer of Patient ID', 'X'),
  row('00100030', "Patient's Birth Date", 'Z'),
  row('00100032', "Patient's Birth Time", 'X'),
  row('00100040', "Patient's Sex", 'Z'),
  row('00101000', 'Other Patient IDs', 'X'),
  row('00101001', 'Other Patient Names', 'X'),
  row('00101002', 'Other Patient IDs Sequence', 'X'),
  row('00101005', "Patient's Birth Name", 'X'),
  row('00101010', "Patient's Age", 'X'),
  row('00101020', "Patient's Size", 'X'),
  row('00101030', "Patient's Weight", 'X'),
  row('00101040', "Patient's Address", 'X'),
  row('00101060', "Patient's Mother's Birth Name", 'X'),
  row('00101090', 'Medical Record Locator', 'X'),
  row('00102000', 'Medical Alerts', 'X'),
  row('00102154', "Patient's Telephone Numbers", 'X'),
  row('00102160', 'Ethnic Group', 'X'),
  row('00102180', 'Occupation', 'X'),
  row('001021B0', 'Additional Patient History', 'X'),
  row('001021C0', 'Pregnancy Status', 'X'),
  row('00104000', 'Patient Comments', 'X'),
  row('00180010', 'Contrast/Bolus Agent', 'Z', { choice: 'Z/D' }), // type 2 in Contrast/Bolus
  row('00181000', 'Device Serial Number', 'D', { choice: 'X/Z/D' }), // type 1 in a SEG's Enhanced General Equipment (dciodvfy)
  row('00181002', 'Device UID', 'U'),
  row('00181008', 'Gantry ID', 'X'),
  row('00181030', 'Protocol Name', 'X', { choice: 'X/D' }), // type 3 in General Series
  row('00181200', 'Date of Last Calibration', 'X', { temporal: true }),
  row('00181201', 'Time of Last Calibration', 'X', { temporal: true }),
  row('00184000', 'Acquisition Comments', 'X'),
  row('0020000D', 'Study Instance UID', 'U'),
  row('0020000E', 'Series Instance UID', 'U'),
  row('00200010', 'Study ID', 'Z'),
  row('00200052', 'Frame of Reference UID', 'U'),
  row('00200200', 'Synchronization Frame of Reference UID', 'U'),
  row('00204000', 'Image Comments', 'X'),
  row('00209161', 'Concatenation UID', 'U'),
  row('00209164', 'Dimension Organization UID', 'U'),
  row('00321030', 'Reason for Study', 'X'),
  row('00321032', 'Requesting Physician', 'X'),
  row('00321060', 'Requested Procedure Description', 'X', { choice: 'X/Z' }), // type 3 outside the modality worklist
  row('00324000', 'Study Comments', 'X'),
  row('00380010', 'Admission ID', 'X'),
  row('00380300', 'Current Patient Location', 'X'),
  row('00380500', 'Patient State', 'X'),
  row('00400009', 'Scheduled Procedure Step ID', 'X'),
  row('00400241', 'Performed Station AE Title', 'X'),
  row('00400242', 'Performed Station Name', 'X'),
  row('00400243', 'Performed Location', 'X'),
  row('00400244', 'Performed Procedure Step Start Date', 'X', { temporal: true }),
  row('00400245', 'Performed Procedure Step Start Time', 'X', { temporal: true }),
  row('00400250', 'Performed Procedure Step End Date', 'X', { temporal: true }),
  row('00400251', 'Performed Procedure Step End Time', 'X', { temporal: true }),
  row('00400253', 'Performed Procedure Step ID', 'X'),
  row('00400254', 'Performed Procedure Step Description', 'X'),
  row('00400275', 'Request Attributes Sequence', 'X'),
  row('00400280', 'Comments on the Performed Procedure Step', 'X'),
  row('00400555', 'Acquisition Context Sequence', 'Z', { choice: 'X/Z' }), // type 2 in Acquisition Context (enhanced IODs)
  row('00401001', 'Requested Procedure ID', 'X'),
  row('00401400', 'Requested Procedure Comments', 'X'),
  row('0040A124', 'UID', 'U'),
  row('00700084', "Content Creator's Name", 'Z', { choice: 'Z/D' }), // type 2 in a SEG's Content Identification
  row('00700086', "Content Creator's Identification Code Sequence", 'X'),
  row('00880140', 'Storage Media File-set UID', 'U'),
  row('30060024', 'Referenced Frame of Reference UID', 'U'),
  row('300600C2', 'Related Frame of Reference UID', 'U'),
];

/** De-identification Method Code Sequence values (PS3.16 CID 7050). */
export interface MethodCode {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

export const METHOD_CODES = {
  basic: { CodeValue: '113100', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Basic Application Confidentiality Profile' },
  modifiedDates: { CodeValue: '113107', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
} as const;

/** Modalities whose images often carry burned-in text (ultrasound, secondary capture, X-ray angiography). */
export const BURNED_IN_MODALITIES = new Set(['US', 'SC', 'XA', 'ES', 'OT']);
