// What the Sync panel pushes: the open scan's segmentation exported as .seg.nrrd into a staging folder beside
// the journal, with the scan it was made from (the queue records it as the input scan, with the SHA-256 it
// hashes anyway), and the provenance the app knows (software, the operation log, the models of inference
// imports). A scan with no segments goes alone. Or the scan alone, published as OME-Zarr.
import { join } from 'node:path';
import type { LogEntry } from '../../common/segmentCalls.js';
import { deidentificationOf } from '../deidentify/pushCheck.js';
import { exportSegmentation } from '../segment/exportSegmentation.js';
import type { Services } from '../services.js';
import type { Provenance } from '../../common/syncModel.js';
import type { PushRequest } from './queue.js';
import { stagingFolder, stem } from './staging.js';

type Model = Provenance['models'][number];

/** The models behind the log's inference imports (electron/inference puts { source: 'inference', model, version, sha256, parameters } in them). */
function modelsOf(log: LogEntry[]): Model[] {
  return log.flatMap(({ action, params }) => {
    const made = params.provenance as { source?: string; model?: string; version?: string; sha256?: string; parameters?: Record<string, unknown> } | undefined;
    if (action !== 'import' || made?.source !== 'inference' || !made.model || !made.sha256) return [];
    return [{ name: made.version ? `${made.model} ${made.version}` : made.model, sha256: made.sha256, parameters: made.parameters ?? {} }];
  });
}

const software = (services: Services) => ({ name: 'Voxbench', version: services.version });

/** The open scan's file published as OME-Zarr (the queue records it as the input scan). */
export async function scanPublish(services: Services, request: { target: string; volumeId: string; description: string }): Promise<PushRequest> {
  const { info } = services.volumes.get(request.volumeId);
  await deidentificationOf(info); // the worker that builds the store checks again; this says so before any hashing
  return { target: request.target, files: [info.path], description: request.description, as: 'ome-zarr', provenance: { inputScans: [], software: software(services), models: [], operations: [] } };
}

export async function segmentationPush(services: Services, request: { target: string; volumeId: string; description: string }): Promise<PushRequest> {
  const { info } = services.volumes.get(request.volumeId);
  await deidentificationOf(info); // refuses identifiable DICOM before anything is staged
  const { segments } = services;
  const segmentation = segments.has(request.volumeId) ? segments.of(request.volumeId) : undefined;
  const files = [info.path];
  const log = segmentation ? segments.log(request.volumeId) : [];
  if (segmentation?.segments.length) {
    const path = join(await stagingFolder(services.sync.settingsDir), `${stem(info.name)}.seg.nrrd`);
    await exportSegmentation(services, request.volumeId, path);
    files.unshift(path);
  }
  return {
    target: request.target,
    files,
    description: request.description,
    inputScanFiles: [info.path],
    provenance: {
      inputScans: [],
      software: software(services),
      models: modelsOf(log),
      operations: log.map((entry) => ({ ...entry })),
    },
  };
}
