// The one list of scan readers. A file is matched by content first, then by extension.
import { basename } from 'node:path';
import { VoxbenchError } from '../errors.js';
import type { VolumeSource } from '../volume/model.js';
import { readHead } from './fileBytes.js';
import { hdf5Reader } from './hdf5.js';
import { niftiReader } from './nifti.js';
import type { OpenOptions, ScanReader } from './reader.js';

export const readers: ScanReader[] = [niftiReader, hdf5Reader];

export async function openScan(path: string, options: OpenOptions = {}): Promise<VolumeSource> {
  const name = basename(path);
  const head = await readHead(path);
  const reader =
    readers.find((candidate) => candidate.sniff(head, name)) ??
    readers.find((candidate) => candidate.extensions.some((extension) => name.toLowerCase().endsWith(extension)));
  if (!reader) {
    const known = readers.flatMap((candidate) => candidate.extensions).join(', ');
    throw new VoxbenchError('UnsupportedFormat', `${name} is not a format Voxbench reads (${known}).`);
  }
  return reader.open(path, options);
}
