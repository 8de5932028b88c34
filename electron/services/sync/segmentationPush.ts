// What the Sync panel pushes: the open scan's segmentation exported into a staging folder beside the journal,
// with the scan it was made from (the queue records it as the input scan, with the SHA-256 it hashes anyway), and
// the provenance the app knows (software, the operation log, the models of inference imports). A scan with no
// segments goes alone. A scan from DICOM goes de-identified, and nothing typed with it may name the patient.
// Or the scan alone, published as OME-Zarr.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogEntry } from '../../common/segmentCalls.js';
import { refuseIdentifyingText } from '../deidentify/identifyingText.js';
import { refuseDicom } from '../deidentify/publishCheck.js';
import { deidentifySeries, seriesIdentifyingValues } from '../deidentify/seriesPush.js';
import { exportSegmentation } from '../segment/exportSegmentation.js';
import type { Services } from '../services.js';
import { whereModelRan, type Provenance } from '../../common/syncModel.js';
import type { PushRequest } from './queue.js';
import { stagingFolder, stem } from './staging.js';

type Model = Provenance['models'][number];

/** The models behind the log's inference imports (electron/inference puts { source: 'inference', model, version, sha256, parameters, provider, device, skippedProviders } in them), each with where it ran. */
export function modelsOf(log: LogEntry[]): Model[] {
  return log.flatMap(({ action, params }) => {
    const made = params.provenance as { source?: string; model?: string; version?: string; sha256?: string; parameters?: Record<string, unknown>; provider?: unknown } | undefined;
    if (action !== 'import' || made?.source !== 'inference' || !made.model || !made.sha256) return [];
    return [{ name: made.version ? `${made.model} ${made.version}` : made.model, sha256: made.sha256, parameters: made.parameters ?? {}, ...whereModelRan(made) }];
  });
}

/** A log entry without its import's local path: a folder may be named after the patient. */
function withoutPaths(entry: LogEntry): Record<string, unknown> {
  const { path: _path, ...made } = (entry.params.provenance ?? {}) as Record<string, unknown>;
  return entry.params.provenance ? { ...entry, params: { ...entry.params, provenance: made } } : { ...entry };
}

export const software = (services: Services) => ({ name: 'Voxbench', version: services.version });

/** The open scan's file published as OME-Zarr (the queue records it as the input scan). */
export function scanPublish(services: Services, request: { target: string; volumeId: string; description: string }): PushRequest {
  const { info } = services.volumes.get(request.volumeId);
  refuseDicom(info); // the worker that builds the store checks again; this says so before any hashing
  return { target: request.target, files: [info.path], description: request.description, as: 'ome-zarr', provenance: { inputScans: [], software: software(services), models: [], operations: [] } };
}

interface Staged {
  files: string[];
  scanFiles: string[];
  deidentification?: Provenance['deidentification'];
}

/** A scan from DICOM goes de-identified (series and DICOM SEG, seriesPush.ts); any other goes as it is, with its
 * segmentation as .seg.nrrd. */
async function stage(services: Services, volumeId: string, segmented: boolean, confirmBurnedIn: boolean): Promise<Staged> {
  const { info } = services.volumes.get(volumeId);
  if (info.format !== 'dicom' && !segmented) return { files: [info.path], scanFiles: [info.path] };
  const folder = await stagingFolder(services.sync.settingsDir);
  const exportTo = (path: string) => exportSegmentation(services, volumeId, path);
  try {
    if (info.format === 'dicom') {
      const series = await deidentifySeries(info, folder, { confirmBurnedIn, ...(segmented && { segment: exportTo }) });
      return { files: [...(series.segFile ? [series.segFile] : []), ...series.scanFiles], ...series };
    }
    const path = join(folder, `${stem(info.name)}.seg.nrrd`);
    await exportTo(path);
    return { files: [path, info.path], scanFiles: [info.path] };
  } catch (error) {
    await rm(folder, { recursive: true, force: true }); // no job will own what was half staged
    throw error;
  }
}

export async function segmentationPush(services: Services, request: { target: string; volumeId: string; description: string; confirmBurnedIn?: boolean }): Promise<PushRequest> {
  const { info } = services.volumes.get(request.volumeId);
  const { segments } = services;
  const segmentation = segments.has(request.volumeId) ? segments.of(request.volumeId) : undefined;
  const log = segmentation ? segments.log(request.volumeId) : [];
  const fromDicom = info.format === 'dicom';
  const provenance: Provenance = {
    inputScans: [],
    software: software(services),
    models: modelsOf(log),
    operations: log.map((entry) => (fromDicom ? withoutPaths(entry) : { ...entry })),
  };
  if (fromDicom) {
    const texts = { description: request.description, 'segment names': segmentation?.segments.map(({ name }) => name).join('\n') ?? '', 'operation log': JSON.stringify(provenance.operations) };
    refuseIdentifyingText(await seriesIdentifyingValues(info), texts, info.name);
  }
  const staged = await stage(services, request.volumeId, Boolean(segmentation?.segments.length), request.confirmBurnedIn ?? false);
  return {
    target: request.target,
    files: staged.files,
    description: request.description,
    inputScanFiles: staged.scanFiles,
    provenance: { ...provenance, ...(staged.deidentification && { deidentification: staged.deidentification }) },
  };
}
