// PS3.15's Basic Application Level Confidentiality Profile applied to a data set as stored (tag-keyed, every
// sequence item too, E.1.1): profile.ts's action per attribute, private attributes removed, UIDs replaced by a
// keyed hash so one session maps a UID to the same new UID in every file (a study's series and its SEG agree),
// and dates shifted by whole days when the Modified Dates option is chosen.
import { createHmac, randomBytes } from 'node:crypto';
import type { DicomElements } from 'dcmjs';
import { BASIC_PROFILE, BURNED_IN_MODALITIES, METHOD_CODES, type MethodCode, type ProfileRow } from './profile.js';

export interface DeidentifyOptions {
  /** Retain Longitudinal Temporal Information with Modified Dates: dates move by this many days instead of going. */
  shiftDays?: number;
}

export interface DeidentifySession {
  /** The same UID in, the same UID out, for this session's key. */
  uid(original: string): string;
  options: DeidentifyOptions;
}

export function deidentifySession(options: DeidentifyOptions = {}, key: Uint8Array = randomBytes(32)): DeidentifySession {
  return { options, uid: (original) => `2.25.${BigInt(`0x${createHmac('sha256', key).update(original).digest('hex').slice(0, 32)}`)}` };
}

const rows = new Map(BASIC_PROFILE.map((row) => [row.tag, row]));
const isPrivate = (tag: string) => parseInt(tag.slice(0, 4), 16) % 2 === 1;

/** A DA value moved by whole days (YYYYMMDD, UTC so no daylight-saving hour shifts the day). */
function shiftDate(value: string, days: number): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return '';
  const date = new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]! + days));
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

function apply(row: ProfileRow, element: DicomElements[string], session: DeidentifySession): DicomElements[string] | undefined {
  const { shiftDays } = session.options;
  if (row.temporal && shiftDays !== undefined) {
    // Dates shift; times and date-times keep only what the shift cannot betray (the day moves, the time stays).
    if (element.vr === 'DA') return { vr: 'DA', Value: (element.Value ?? []).map((value) => shiftDate(String(value), shiftDays)) };
    if (element.vr === 'TM') return element;
  }
  switch (row.action) {
    case 'X':
      return undefined;
    case 'Z':
      return { vr: element.vr, Value: [] };
    case 'D':
      return { vr: element.vr, Value: element.vr === 'DA' ? ['19000101'] : ['ANONYMIZED'] };
    case 'U':
      // U* on a sequence: kept, its items go through the table like the data set (their UIDs are U rows).
      if (element.vr === 'SQ') return element;
      return { vr: element.vr, Value: (element.Value ?? []).map((value) => session.uid(String(value))) };
    default:
      return element;
  }
}

/** The data set de-identified (a new object; the input is not changed). */
export function deidentifyElements(elements: DicomElements, session: DeidentifySession): DicomElements {
  const out: DicomElements = {};
  for (const [tag, element] of Object.entries(elements)) {
    const key = tag.toUpperCase();
    if (isPrivate(key)) continue;
    const row = rows.get(key);
    const kept = row ? apply(row, element, session) : element;
    if (!kept) continue;
    out[tag] = kept.vr === 'SQ' && kept.Value ? { vr: 'SQ', Value: (kept.Value as DicomElements[]).map((item) => deidentifyElements(item, session)) } : kept;
  }
  return out;
}

/** The De-identification Method Code Sequence items of the session's profile and options (PS3.16 CID 7050). */
export function methodCodes(session: DeidentifySession): MethodCode[] {
  return [METHOD_CODES.basic, ...(session.options.shiftDays !== undefined ? [METHOD_CODES.modifiedDates] : [])];
}

/** Marks the top-level data set as de-identified, with the method codes used (PS3.3 C.7.1.1). */
export function markDeidentified(elements: DicomElements, session: DeidentifySession): DicomElements {
  const codes = methodCodes(session);
  const item = (code: (typeof codes)[number]) => ({ '00080100': { vr: 'SH', Value: [code.CodeValue] }, '00080102': { vr: 'SH', Value: [code.CodingSchemeDesignator] }, '00080104': { vr: 'LO', Value: [code.CodeMeaning] } });
  return {
    ...elements,
    '00120062': { vr: 'CS', Value: ['YES'] },
    '00120063': { vr: 'LO', Value: codes.map((code) => code.CodeMeaning) },
    '00120064': { vr: 'SQ', Value: codes.map(item) },
  };
}

/** Why a data set may show a person in its pixels: Burned In Annotation YES, or a modality known for it. */
export function burnedInRisk(elements: DicomElements): string | undefined {
  const value = (tag: string) => String(elements[tag]?.Value?.[0] ?? '').trim().toUpperCase();
  if (value('00280301') === 'YES') return 'its Burned In Annotation (0028,0301) is YES';
  if (value('00280301') !== 'NO' && BURNED_IN_MODALITIES.has(value('00080060'))) return `its modality ${value('00080060')} often carries text burned into the pixels`;
  return undefined;
}
