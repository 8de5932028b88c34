// Saving and loading the session: volumes (how they were opened), each segmentation's table, labelmap and
// operation log, the imported labelmaps the log refers to, and the renderer's measurements and view state.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { OpenOptions } from '../io/reader.js';
import type { WorkspaceLoaded } from '../../common/segmentCalls.js';
import type { Labels } from '../segment/kernels/index.js';
import { BRICK, brickCount, type Packed } from '../segment/labelmap.js';
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
    let labels: SavedVolume['labels'] = '';
    if (segmentation) {
      const { labelmap } = segmentation;
      const bricks = await segments.inWorker({ kind: 'encodeBricks', bricks: await segmentation.exclusive(async () => labelmap.snapshot()) });
      for (const brick of bricks) if (typeof brick !== 'number') blobs[brick.name] ??= brick.blob;
      labels = { brick: BRICK, type: labelmap.type, bricks: bricks.map((brick) => (typeof brick === 'number' ? brick : { blob: brick.name, values: brick.values })) };
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
  // Every blob is unpacked and checked before any volume opens, so a damaged file changes nothing; only whole
  // labelmaps (imports the log refers to, version 1's labelmaps) stay unpacked, bricks stay deflated.
  const whole = new Set(file.volumes.flatMap((volume) => [...(typeof volume.labels === 'string' ? [volume.labels] : []), ...volume.log.flatMap((action) => (action.kind === 'import' ? [action.blob] : []))]));
  const blobs = new Map<string, Labels>();
  for (const [hash, saved] of Object.entries(file.blobs)) {
    const labels = await decodeBlob(saved, hash, name);
    if (whole.has(hash)) blobs.set(hash, labels);
  }
  const blob = (hash: string) => blobs.get(hash) ?? missing(name, hash);
  const brick = (hash: string, values: number[]): Packed => {
    const saved = file.blobs[hash] ?? missing(name, hash);
    // Edge bricks are clipped to the grid: a brick holds at most BRICK³ voxels.
    if (saved.length > BRICK ** 3) throw new VoxbenchError('BadWorkspace', `${name}: the brick ${hash.slice(0, 12)}… holds ${saved.length} voxels, more than ${BRICK ** 3}.`);
    return { bytes: Buffer.from(saved.deflated, 'base64'), type: saved.type, values };
  };
  const { segments } = services;
  const loaded: WorkspaceLoaded = { path, volumes: [], segmentations: [], renamed: {}, measurements: file.measurements, view: file.view };
  for (const volume of file.volumes) {
    const info = await open(volume.path, { choice: volume.choice, frame: volume.frame });
    for (const action of volume.log) if (action.kind === 'import' && !segments.blobs.has(action.blob)) segments.blobs.set(action.blob, blob(action.blob));
    const saved = volume.labels;
    const labels = typeof saved !== 'string' ? { type: saved.type, bricks: saved.bricks.map((b) => (typeof b === 'number' ? b : brick(b.blob, b.values))) } : saved ? blob(saved) : undefined;
    const fits = !labels || ('bricks' in labels ? labels.bricks.length === brickCount(info.dims) : labels.length === info.dims[0] * info.dims[1] * info.dims[2]);
    if (!fits) throw new VoxbenchError('GridMismatch', `${name}: the labelmap saved for ${basename(volume.path)} does not fit it any more (${info.dims.join('×')}).`);
    loaded.volumes.push(info);
    loaded.renamed[volume.id] = info.id;
    loaded.segmentations.push(await segments.of(info.id).restore(labels, volume.segments, volume.log));
  }
  return loaded;
}

function missing(file: string, hash: string): never {
  throw new VoxbenchError('BadWorkspace', `${file}: the labelmap ${hash.slice(0, 12)}… it refers to is missing.`);
}
