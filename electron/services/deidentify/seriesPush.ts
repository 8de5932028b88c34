// What leaves for the data centre from a volume opened from DICOM: its series and its segmentation as a DICOM SEG,
// de-identified in one session (the SEG's references follow the series' new UIDs), under names that say nothing of
// the patient (image-0001.dcm …, segmentation.dcm), dates moved by a random number of days (Modified Dates option).
import { randomInt } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import dcmjs from 'dcmjs';
import type { VolumeInfo } from '../../common/contract.js';
import type { Provenance } from '../../common/syncModel.js';
import { writeDurably } from '../durableFile.js';
import { seriesSlices } from '../io/dicom.js';
import { refuseIncomplete } from '../volume/arrivingSource.js';
import { deidentifySession, methodCodes, type DeidentifySession } from './deidentify.js';
import { deidentifyBytes, refuseBurnedIn } from './files.js';
import { identifyingValues } from './identifyingText.js';

/** Dates move back by 1 to 10 years' worth of days: the study's intervals stay, its calendar goes. */
const MAX_SHIFT_DAYS = 3650;

export interface DeidentifiedSeries {
  /** The de-identified series files, in slice order. */
  scanFiles: string[];
  /** `segment(path)` de-identified in the series' session, when asked. */
  segFile?: string;
  deidentification: NonNullable<Provenance['deidentification']>;
}

export interface SeriesPushOptions {
  /** Writes the segmentation as a DICOM SEG at the path given; absent: no segmentation goes. */
  segment?: (path: string) => Promise<void>;
  /** The user looked at the images that may carry burned-in text and pushes them anyway. */
  confirmBurnedIn?: boolean;
}

async function deidentifyInto(session: DeidentifySession, source: string, path: string): Promise<void> {
  await writeDurably(path, deidentifyBytes(new Uint8Array(await readFile(source)), session, basename(source)).bytes, 0o600);
}

type Series = Pick<VolumeInfo, 'name' | 'path' | 'seriesUid' | 'arrival'>;

async function seriesFiles(info: Series): Promise<string[]> {
  refuseIncomplete(info, 'a de-identified push');
  return [...new Set((await seriesSlices(info.path, info.seriesUid)).map(({ image }) => image.path))];
}

/** Values the profile takes out of the series (its first file's): none may come back through the text pushed with it. */
export async function seriesIdentifyingValues(info: Series): Promise<string[]> {
  const bytes = await readFile((await seriesFiles(info))[0]!);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return identifyingValues(dcmjs.data.DicomMessage.readFile(buffer, { untilTag: '7FE00010' }).dict);
}

/** De-identifies the volume's series (and its SEG) into `folder`. */
export async function deidentifySeries(info: Series, folder: string, options: SeriesPushOptions): Promise<DeidentifiedSeries> {
  const paths = await seriesFiles(info);
  if (!options.confirmBurnedIn) await refuseBurnedIn(paths, info.name);
  const session = deidentifySession({ shiftDays: -randomInt(1, MAX_SHIFT_DAYS + 1) });
  const width = Math.max(4, String(paths.length).length);
  const scanFiles: string[] = [];
  for (const [index, source] of paths.entries()) {
    const path = join(folder, `image-${String(index + 1).padStart(width, '0')}.dcm`);
    await deidentifyInto(session, source, path);
    scanFiles.push(path);
  }
  let segFile: string | undefined;
  if (options.segment) {
    const identified = join(folder, 'segmentation-identified.dcm');
    await options.segment(identified);
    segFile = join(folder, 'segmentation.dcm');
    await deidentifyInto(session, identified, segFile);
    await rm(identified);
  }
  const codes = methodCodes(session).map((code) => ({ value: code.CodeValue, scheme: code.CodingSchemeDesignator, meaning: code.CodeMeaning }));
  return {
    scanFiles,
    ...(segFile && { segFile }),
    deidentification: { method: codes.map(({ meaning }) => meaning).join('; '), codes },
  };
}
