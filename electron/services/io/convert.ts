// voxbench convert: any scan we read, written in any format we write, slab by slab.
import { basename } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { hdf5Writer } from './hdf5Write.js';
import { niftiWriter } from './niftiWrite.js';
import { nrrdWriter } from './nrrdWrite.js';
import { omeZarrWriter } from './omeZarrWrite.js';
import type { OpenOptions } from './reader.js';
import { openScan } from './registry.js';
import type { ScanWriter } from './writeScan.js';

export const writers: ScanWriter[] = [niftiWriter, nrrdWriter, hdf5Writer, omeZarrWriter];

export function writerFor(path: string): ScanWriter {
  const name = basename(path).toLowerCase();
  const writer = writers.find((candidate) => candidate.extensions.some((extension) => name.endsWith(extension)));
  if (!writer) {
    const known = writers.flatMap((candidate) => candidate.extensions).join(', ');
    throw new VoxbenchError('UnsupportedFormat', `Cannot write ${basename(path)}: Voxbench writes ${known}.`);
  }
  return writer;
}

export async function convertScan(input: string, output: string, options: OpenOptions = {}): Promise<void> {
  const writer = writerFor(output);
  const source = await openScan(input, options);
  try {
    await writer.write(output, source);
  } finally {
    await source.close();
  }
}
