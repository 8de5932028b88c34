// What a user types can undo the profile: a description or a segment named after the patient. The values the
// profile removes or replaces in the source are looked for, as whole words, in the text that goes with the files.
import type { DicomElements } from 'dcmjs';
import { VoxbenchError } from '../../common/errors.js';
import { BASIC_PROFILE } from './profile.js';

const changed = new Set(BASIC_PROFILE.filter(({ action }) => action !== 'K').map(({ tag }) => tag));
/** The profile's own replacement values, which a source de-identified before may already hold. */
const REPLACEMENTS = new Set(['ANONYMIZED', '19000101']);
/** Shorter values (a sex, an age) match too much ordinary text to be told apart from it. */
const MIN_LENGTH = 3;

const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : []);
/** A person name's components too: "Doe^Jane" is also "Doe" and "Jane" in a sentence. */
const pieces = (value: string, vr: string) => [value, ...(vr === 'PN' ? value.split(/[\^=]/) : [])].map((piece) => piece.trim());

/** Values of the data set (sequence items too) that the profile removes or replaces; times, which the Modified
 * Dates option keeps, are left out. */
export function identifyingValues(elements: DicomElements): string[] {
  const found = new Set<string>();
  for (const [tag, element] of Object.entries(elements)) {
    if (element.vr === 'SQ') {
      (element.Value as DicomElements[] | undefined)?.forEach((item) => identifyingValues(item).forEach((value) => found.add(value)));
      continue;
    }
    if (!changed.has(tag.toUpperCase()) || element.vr === 'TM') continue;
    for (const value of (element.Value ?? []).flatMap(strings)) for (const piece of pieces(value, element.vr)) found.add(piece);
  }
  return [...found].filter((value) => value.length >= MIN_LENGTH && !REPLACEMENTS.has(value.toUpperCase()));
}

const escaped = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Refuses when a source value appears as a word in one of the texts (keyed by what they are, for the message). */
export function refuseIdentifyingText(values: readonly string[], texts: Record<string, string>, what: string): void {
  for (const [where, text] of Object.entries(texts)) {
    const value = values.find((candidate) => new RegExp(`(^|[^\\p{L}\\p{N}])${escaped(candidate)}($|[^\\p{L}\\p{N}])`, 'iu').test(text));
    if (value) {
      throw new VoxbenchError('IdentifiableData', `${what}: the ${where} holds "${value}", which identifies the patient in the source DICOM. Change it and push again.`);
    }
  }
}
