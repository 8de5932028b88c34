// Saving and loading the session: volumes (how they were opened), each segmentation's table, labelmap and
// operation log, the imported labelmaps the log refers to, and the renderer's measurements and view state.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { VolumeInfo } from '../contract.js';
import { VoxbenchError } from '../errors.js';
import type { OpenOptions } from '../io/reader.js';
import type { WorkspaceLoaded } from '../segment/calls.js';
import type { Labels } from '../segment/kernels/index.js';
import { wholeBox } from '../segment/regions.js';
import type { Services } from '../services.js';
import { writeDurably } from '../durableFile.js';
import { decodeBlob, encodeBlob } from './blobs.js';
import { parseWorkspace, WORKSPACE_VERSION, type SavedBlob, type SavedVolume, type WorkspaceFile } from './schema.js';

export interface RendererState {
  measurements?: unknown;
  view?: unknown;
}

export async function saveWorkspace(services: Services, path: string, state: RendererState): Promise<string> {
  const blobs: Record<string, SavedBlob> = {};
  const volumes: SavedVolume[] = [];
  for (const { id } of services.volumes.list()) {
    const from = services.openedFrom.get(id);
    if (!from) continue;
    const { segments } = services;
    const segmentation = segments.has(id) ? segments.of(id) : undefined;
    const actions = segmentation ? segments.actions(id) : [];
    let labels = '';
    if (segmentation) {
      const whole = await segmentation.exclusive(async () => segmentation.labelmap.readBox(wholeBox(segmentation.dims), true));
      labels = await segments.inWorker({ kind: 'blobName', labels: whole });
      blobs[labels] ??= await encodeBlob(whole);
    }
    for (const action of actions) if (action.kind === 'import') blobs[action.blob] ??= await encodeBlob(segments.blobs.get(action.blob)!);
    volumes.push({ id, path: from.path, ...(from.choice ? { choice: from.choice } : {}), ...(from.frame ? { frame: from.frame } : {}), segments: segmentation?.segments ?? [], labels, log: actions });
  }
  const savedAt = new Date().toISOString();
  const file: WorkspaceFile = { version: WORKSPACE_VERSION, savedAt, app: { name: 'Voxbench', version: services.version }, volumes, blobs, measurements: state.measurements, view: state.view };
  await writeDurably(path, JSON.stringify(file), 0o666); // a project file is shared like any document (umask applies)
  return savedAt;
}

export async function loadWorkspace(services: Services, path: string, open: (path: string, options: OpenOptions) => Promise<VolumeInfo>): Promise<WorkspaceLoaded> {
  const name = basename(path);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new VoxbenchError('WorkspaceNotFound', `${name} could not be read (${error.code ?? error.message}).`);
  });
  const file = parseWorkspace(text, name);
  // Every labelmap is unpacked and checked before any volume opens, so a damaged file changes nothing.
  const blobs = new Map<string, Labels>();
  for (const [hash, saved] of Object.entries(file.blobs)) blobs.set(hash, await decodeBlob(saved, hash, name));
  const blob = (hash: string) => blobs.get(hash) ?? missing(name, hash);
  const { segments } = services;
  const loaded: WorkspaceLoaded = { path, volumes: [], segmentations: [], renamed: {}, measurements: file.measurements, view: file.view };
  for (const volume of file.volumes) {
    const info = await open(volume.path, { choice: volume.choice, frame: volume.frame });
    for (const action of volume.log) if (action.kind === 'import' && !segments.blobs.has(action.blob)) segments.blobs.set(action.blob, blob(action.blob));
    const labels = volume.labels ? blob(volume.labels) : undefined;
    if (labels && labels.length !== info.dims[0] * info.dims[1] * info.dims[2]) {
      throw new VoxbenchError('GridMismatch', `${name}: the labelmap saved for ${basename(volume.path)} does not fit it any more (${info.dims.join('×')}).`);
    }
    loaded.volumes.push(info);
    loaded.renamed[volume.id] = info.id;
    loaded.segmentations.push(segments.of(info.id).restore(labels, volume.segments, volume.log));
  }
  return loaded;
}

function missing(file: string, hash: string): never {
  throw new VoxbenchError('BadWorkspace', `${file}: the labelmap ${hash.slice(0, 12)}… it refers to is missing.`);
}
