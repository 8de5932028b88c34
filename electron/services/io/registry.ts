// The one list of scan readers. A file is matched by content first, then by extension; a folder by the
// heads of the files in it.
import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { VolumeSource } from '../volume/model.js';
import { readHead } from './fileBytes.js';
import { dicomReader } from './dicom.js';
import { hdf5Reader } from './hdf5.js';
import { metaImageReader } from './metaimage.js';
import { mrcReader } from './mrc.js';
import { niftiReader } from './nifti.js';
import { nrrdReader } from './nrrd.js';
import type { Candidate, OpenOptions, ScanReader } from './reader.js';
import { tiffReader } from './tiff.js';

export const readers: ScanReader[] = [niftiReader, hdf5Reader, dicomReader, tiffReader, metaImageReader, nrrdReader, mrcReader];

/** Folder heads looked at before deciding; a series is recognised by its first files. */
const FOLDER_SAMPLE = 16;

/** The reader of a file with these first bytes and this name: by content, then by extension. */
export function readerOfFile(head: Uint8Array, name: string): ScanReader | undefined {
  return readers.find((candidate) => candidate.sniff(head, name)) ?? readers.find((candidate) => candidate.extensions.some((extension) => name.toLowerCase().endsWith(extension)));
}

/** The reader of a folder holding these files (its first few, by name), if it is a series or a stack. */
export const readerOfFolder = (files: { name: string; head: Uint8Array }[]): ScanReader | undefined => readers.find((candidate) => candidate.sniffFolder?.(files));

/** The first files of a folder by name, with their heads. */
export async function folderSample(path: string): Promise<{ name: string; head: Uint8Array }[]> {
  const names = (await readdir(path)).filter((entry) => !entry.startsWith('.')).sort();
  return Promise.all(names.slice(0, FOLDER_SAMPLE).map(async (entry) => ({ name: entry, head: await readHead(join(path, entry)).catch(() => new Uint8Array()) })));
}

/** Whether `path` is a folder; a path that cannot be looked at is not (reading its head then says what is wrong). */
function isFolderNow(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `blocking`: file calls without hand-overs to the thread pool, where only this thread waits (readHead says why). */
async function readerFor(path: string, blocking: boolean): Promise<ScanReader> {
  const name = basename(path);
  const isFolder = blocking
    ? isFolderNow(path)
    : await stat(path).then(
        (info) => info.isDirectory(),
        () => false,
      );
  if (isFolder) {
    const reader = readerOfFolder(await folderSample(path));
    if (!reader) throw new VoxbenchError('UnsupportedFormat', `${name}/ holds no DICOM series or TIFF stack Voxbench can read.`);
    return reader;
  }
  const reader = readerOfFile(await readHead(path, undefined, blocking), name);
  if (!reader) {
    const known = readers.flatMap((candidate) => candidate.extensions).join(', ');
    throw new VoxbenchError('UnsupportedFormat', `${name} is not a format Voxbench reads (${known}).`);
  }
  return reader;
}

/** Opens on the calling thread with blocking file calls: reader threads and command lines call it, never the host. */
export async function openScan(path: string, options: OpenOptions = {}): Promise<VolumeSource> {
  const source = await (await readerFor(path, true)).open(path, options);
  const { calibration } = options;
  if (calibration && source.meta.unit === 'voxel') source.meta = { ...source.meta, spacing: calibration.spacing, unit: calibration.unit };
  return source;
}

/** The images a file or folder holds; one entry for single-image formats. */
export async function scanCandidates(path: string): Promise<Candidate[]> {
  const reader = await readerFor(path, false);
  if (reader.candidates) return reader.candidates(path);
  const source = await reader.open(path, {});
  await source.close();
  return [{ choice: '', label: source.meta.name, dims: source.meta.dims }];
}
