// WADO-RS retrieval of one series into a folder: instances fetched several at a time, each written as its own
// DICOM file as it arrives, with progress and cancel.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { DicomWebClient } from './dicomWeb.js';
import { listInstances } from './studySearch.js';

/** Requests in flight at once: enough to hide a PACS's latency, few enough not to flood it. */
const PARALLEL = 6;

export interface RetrieveOptions {
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
}

/** Writes every instance of the series into `folder`; returns the files' paths in instance order. */
export async function retrieveSeries(pacs: DicomWebClient, studyUid: string, seriesUid: string, folder: string, { signal, onProgress }: RetrieveOptions): Promise<string[]> {
  const instances = await listInstances(pacs, studyUid, seriesUid, signal);
  if (!instances.length) throw new VoxbenchError('PacsNotFound', `Series ${seriesUid} has no instances on this PACS.`);
  const files = instances.map((_, index) => join(folder, `${String(index + 1).padStart(5, '0')}.dcm`));
  let next = 0;
  let done = 0;
  onProgress(0, instances.length);
  const worker = async () => {
    while (next < instances.length) {
      const index = next++;
      if (signal.aborted) throw new VoxbenchError('Cancelled', `Retrieving series ${seriesUid} was cancelled.`);
      await writeFile(files[index]!, await pacs.instance(studyUid, seriesUid, instances[index]!, signal), { mode: 0o600 });
      onProgress(++done, instances.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, instances.length) }, worker));
  return files;
}
