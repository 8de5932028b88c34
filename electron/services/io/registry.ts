// The one list of scan readers. A file is matched by content first, then by extension; a folder by the
// heads of the files in it.
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

async function readerFor(path: string): Promise<ScanReader> {
  const name = basename(path);
  const isFolder = await stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (isFolder) {
    const names = (await readdir(path)).filter((entry) => !entry.startsWith('.')).sort();
    const files = await Promise.all(names.slice(0, FOLDER_SAMPLE).map(async (entry) => ({ name: entry, head: await readHead(join(path, entry)).catch(() => new Uint8Array()) })));
    const reader = readers.find((candidate) => candidate.sniffFolder?.(files));
    if (!reader) throw new VoxbenchError('UnsupportedFormat', `${name}/ holds no DICOM series or TIFF stack Voxbench can read.`);
    return reader;
  }
  const head = await readHead(path);
  const reader =
    readers.find((candidate) => candidate.sniff(head, name)) ??
    readers.find((candidate) => candidate.extensions.some((extension) => name.toLowerCase().endsWith(extension)));
  if (!reader) {
    const known = readers.flatMap((candidate) => candidate.extensions).join(', ');
    throw new VoxbenchError('UnsupportedFormat', `${name} is not a format Voxbench reads (${known}).`);
  }
  return reader;
}

export async function openScan(path: string, options: OpenOptions = {}): Promise<VolumeSource> {
  return (await readerFor(path)).open(path, options);
}

/** The images a file or folder holds; one entry for single-image formats. */
export async function scanCandidates(path: string): Promise<Candidate[]> {
  const reader = await readerFor(path);
  if (reader.candidates) return reader.candidates(path);
  const source = await reader.open(path, {});
  await source.close();
  return [{ choice: '', label: source.meta.name, dims: source.meta.dims }];
}
