// A volume's segmentation stored back in the PACS it came from (or any configured one): the one DICOM SEG writer,
// by way of the session cache (patient data stays there only as long as the session), then STOW-RS.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import dcmjs from 'dcmjs';
import { exportSegmentation } from '../segment/exportSegmentation.js';
import type { Services } from '../services.js';
import { pacsClient } from './client.js';

export interface StoredSeg {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
}

export async function storeSegmentation(services: Services, server: string, volumeId: string): Promise<StoredSeg> {
  const pacs = await pacsClient(services, server);
  const path = join(await services.pacs.folderFor('segmentation'), 'segmentation.dcm');
  try {
    await exportSegmentation(services, volumeId, path);
    const bytes = await readFile(path);
    await pacs.store([new Uint8Array(bytes)]);
    const header = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { untilTag: '7FE00010' });
    const uid = (tag: string) => String(header.dict[tag]?.Value?.[0] ?? '');
    return { studyUid: uid('0020000D'), seriesUid: uid('0020000E'), sopInstanceUid: uid('00080018') };
  } finally {
    await rm(dirname(path), { recursive: true, force: true });
  }
}
