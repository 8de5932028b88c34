// De-identification of DICOM files: one file, or every DICOM file under a folder, written under the same relative
// paths in OUT (names kept: ours are UIDs or counters, never patient names, and a name found to hold the old
// SOP Instance UID is replaced by the new one). Non-DICOM files are not copied.
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import dcmjs from 'dcmjs';
import { VoxbenchError } from '../../common/errors.js';
import { writeDurably } from '../durableFile.js';
import { isDicomHead } from '../io/dicomHeader.js';
import { burnedInRisk, deidentifyElements, markDeidentified, type DeidentifySession } from './deidentify.js';

export interface DeidentifiedFile {
  input: string;
  output: string;
  /** Why the pixels may still identify the patient, when they may. */
  burnedIn?: string;
}

/** One Part 10 file's bytes de-identified (file meta's Media Storage SOP Instance UID follows the new SOP Instance UID). */
export function deidentifyBytes(bytes: Uint8Array, session: DeidentifySession, name: string): { bytes: Uint8Array; burnedIn?: string; oldUid?: string; newUid?: string } {
  const { DicomDict, DicomMessage } = dcmjs.data;
  let file;
  try {
    file = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new VoxbenchError('CorruptFile', `${name} cannot be read as DICOM (${(error as Error).message}).`);
  }
  const elements = markDeidentified(deidentifyElements(file.dict, session), session);
  const meta = deidentifyElements(file.meta, session);
  const out = new DicomDict(meta);
  out.dict = elements;
  const [oldUid, newUid] = [file.dict['00080018']?.Value?.[0], elements['00080018']?.Value?.[0]].map((value) => (value === undefined ? undefined : String(value)));
  return { bytes: new Uint8Array(out.write()), burnedIn: burnedInRisk(file.dict), oldUid, newUid };
}

async function dicomFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(entry.parentPath, entry.name)).sort();
}

/** Refuses files whose pixels may show the patient, naming `what` (the folder or series) and why: checked before
 * anything is written, since text burned into pixels is beyond the profile. */
export async function refuseBurnedIn(paths: readonly string[], what: string): Promise<void> {
  const found: string[] = [];
  for (const path of paths) {
    const bytes = await readFile(path);
    if (!isDicomHead(bytes.subarray(0, 132))) continue;
    const header = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { untilTag: '7FE00010' });
    const why = burnedInRisk(header.dict);
    if (why) found.push(`${basename(path)}: ${why}`);
  }
  if (found.length) {
    throw new VoxbenchError('BurnedInAnnotation', `${what}: ${found.length} of its ${paths.length} file(s) may show the patient in their pixels, which de-identification cannot clean (${found.slice(0, 3).join('; ')}). Check the images and confirm to go on.`);
  }
}

/** De-identifies `input` (a file or a folder) into `output` (a file, or a folder mirroring the input's). Text burned
 * into pixels cannot be removed here: such files are refused unless `confirmBurnedIn` says the user looked. */
export async function deidentifyPath(input: string, output: string, session: DeidentifySession, confirmBurnedIn = false): Promise<DeidentifiedFile[]> {
  const info = await stat(input).catch(() => {
    throw new VoxbenchError('FileNotFound', `Cannot de-identify ${input}: no such file or folder.`);
  });
  const pairs = info.isDirectory() ? (await dicomFiles(input)).map((path) => [path, join(output, relative(input, path))] as const) : [[input, output] as const];
  if (!confirmBurnedIn) await refuseBurnedIn(pairs.map(([from]) => from), basename(input));
  const done: DeidentifiedFile[] = [];
  for (const [from, to] of pairs) {
    const bytes = new Uint8Array(await readFile(from));
    if (!isDicomHead(bytes.subarray(0, 132))) continue;
    const result = deidentifyBytes(bytes, session, basename(from));
    const named = result.oldUid && basename(to).includes(result.oldUid) ? join(dirname(to), basename(to).replace(result.oldUid, result.newUid!)) : to;
    await mkdir(dirname(named), { recursive: true });
    await writeDurably(named, result.bytes, 0o644);
    done.push({ input: from, output: named, ...(result.burnedIn && { burnedIn: result.burnedIn }) });
  }
  if (!done.length) throw new VoxbenchError('NoImage', `${basename(input)} holds no DICOM files to de-identify.`);
  return done;
}
