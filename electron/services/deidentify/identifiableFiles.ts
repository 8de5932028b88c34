// The last gate before the data centre, for every push (the app's, `voxbench sync push`, a batch's outputs): a DICOM
// file goes only if it says it was de-identified (Patient Identity Removed YES, as `voxbench deidentify` and the
// app's de-identified push write it).
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { isDicomHead } from '../io/dicomHeader.js';

/** Bytes read for the header: Patient Identity Removed (0012,0062) sits far before the pixels of any real file. */
const HEAD_BYTES = 1 << 20;

async function head(path: string): Promise<Uint8Array> {
  const handle = await open(path);
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function saysDeidentified(bytes: Uint8Array): Promise<boolean> {
  // Loaded only for a DICOM file: every sync command opens the queue, and dcmjs would lengthen each CLI start.
  const { default: dcmjs } = await import('dcmjs');
  try {
    const file = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer as ArrayBuffer, { untilTag: '7FE00010', ignoreErrors: true });
    return String(file.dict['00120062']?.Value?.[0] ?? '').trim().toUpperCase() === 'YES';
  } catch {
    return false; // a header cut off before the attribute says nothing, so it is not de-identified
  }
}

/** Refuses the first DICOM file among `paths` that is not marked de-identified. */
export async function refuseIdentifiableDicom(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const bytes = await head(path);
    if (!isDicomHead(bytes.subarray(0, 132)) || (await saysDeidentified(bytes))) continue;
    throw new VoxbenchError('IdentifiableData', `${basename(path)} is DICOM that is not de-identified (no Patient Identity Removed YES). Push the scan from the app, which de-identifies it, or de-identify it first (voxbench deidentify IN OUT).`);
  }
}
