// Builds the services a host needs. Tests build them with temp dirs; shells hand in their own dialogs.
import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { AppAbout, Progress, VolumeInfo } from '../common/contract.js';
import { VoxbenchError } from '../common/errors.js';
import { unrestrictedFileAccess, type FileAccess } from './fileAccess.js';
import { jobIds } from '../common/jobIds.js';
import type { Emit } from './handlerTypes.js';
import { LoginConnections } from './batch/loginConnections.js';
import { modelFolders, type ModelFolders } from './inference/library.js';
import { InferenceRunner } from './inference/runner.js';
import type { OpenOptions } from './io/reader.js';
import { PacsSessionCache } from './pacs/sessionCache.js';
import { RecentScans } from './hostFiles/recentScans.js';
import type { SecretStore } from './sync/secrets.js';
import { defaultSettingsDir } from './settingsDir.js';
import type { PyramidPolicy } from './volume/readerWorker.js';
import { SegmentStore } from './segment/store.js';
import { SurfaceBuilder } from './segment/surface/buildInWorker.js';
import { LevelReader } from './volume/levelReader.js';
import { chunkCacheWritten, type ChunkCachePolicy } from './volume/chunkCache.js';
import { locationOf } from './volume/inPlace.js';
import { isInPlace } from './volume/inPlacePaths.js';
import { openOmeZarr } from './volume/omeZarrOpen.js';
import { PyramidBuilds } from './volume/pyramidBuilds.js';
import { ReaderThreads } from './volume/readerThreads.js';
import { VolumeStore } from './volume/store.js';
import type { ZarrLocation } from './volume/zarrStores.js';
import { omeZarrLevels } from './hostFiles/scanFinder.js';
import { openInWorker } from './volume/workerSource.js';

export interface Dialogs {
  /** Asks the user for a scan to open; null when they cancel. */
  pickScan(): Promise<string | null>;
  /** Asks where to save a file, offering `suggestedName`; null when they cancel. */
  saveFile(suggestedName: string): Promise<string | null>;
}

export interface AppPaths {
  root: string;
  assets: string;
  renderer: string;
  defaultScan: string;
}

export interface Services {
  transport: AppAbout['transport'];
  /** Volumes over `largeBytes` get a multiscale pyramid, cached in `cacheDir`. */
  pyramids: PyramidPolicy;
  version: string;
  paths: AppPaths;
  volumes: VolumeStore;
  /** Each open volume's segmentation: labelmap, segment table, operation log. */
  segments: SegmentStore;
  /** How each open volume was opened (path, choice, frame), for the workspace to reopen it. */
  openedFrom: Map<string, { path: string } & OpenOptions>;
  dialogs: Dialogs;
  /** Sync targets and journal live in `settingsDir`; only the desktop app has a keychain for secrets. */
  sync: { settingsDir: string; secrets?: SecretStore };
  /** Where the model library lives: the bundled models and the user's folder. */
  models: ModelFolders;
  /** Which paths the page may name (the desktop app: what the user chose; elsewhere: any). */
  fileAccess: FileAccess;
  /** Runs models in the inference worker. */
  inference: InferenceRunner;
  /** Builds segment surfaces in worker threads. */
  surfaceBuilds: SurfaceBuilder;
  /** Copies pyramid level regions off the main thread. */
  levels: LevelReader;
  /** The on-disk cache of chunks of volumes opened in place (size-capped, least recently used out). */
  chunkCache: ChunkCachePolicy;
  /** Pyramids of large volumes being built while their slices show. */
  pyramidBuilds: PyramidBuilds;
  /** Reader worker threads for opening scans and building pyramids, a warm spare among them once the app runs. */
  readers: ReaderThreads;
  /** Series retrieved from a PACS, kept for this session only. */
  pacs: PacsSessionCache;
  /** The folders the Open dialog may list, and all under them (browser mode: home and the folders given to serve). */
  browseRoots: string[];
  /** The scans opened lately, in the settings folder. */
  recentScans: RecentScans;
  /** One SSH connection per cluster login node, shared by the batch jobs that run there. */
  logins: LoginConnections;
  /** Closes the open volumes and segmentations and stops every worker the services started. */
  close(): Promise<void>;
}

export function appPaths(root: string): AppPaths {
  const assets = join(root, 'assets');
  return { root, assets, renderer: join(root, 'dist', 'renderer'), defaultScan: join(assets, 'shepp-logan.nii.gz') };
}

/** The user's cache folder for pyramids (XDG on Linux, the usual places elsewhere). */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined) ?? join(homedir(), process.platform === 'darwin' ? 'Library/Caches' : '.cache');
  return join(base ?? tmpdir(), 'voxbench', 'pyramids');
}

export function createServices(options: {
  root: string;
  transport: Services['transport'];
  dialogs: Dialogs;
  pyramids?: Partial<PyramidPolicy>;
  chunkCache?: Partial<ChunkCachePolicy>;
  sync?: Partial<Services['sync']>;
  /** The user's model folder (tests use a temp dir). */
  modelsDir?: string;
  /** Unrestricted unless given: browser mode and the CLI act as the user already. */
  fileAccess?: FileAccess;
  /** The apps keep a reader thread warm for the next open; tests and one-shot commands start threads as needed. */
  spareReader?: boolean;
  /** None unless given: the desktop app browses with the system dialog. */
  browseRoots?: string[];
}): Services {
  const { version } = JSON.parse(readFileSync(join(options.root, 'package.json'), 'utf8')) as { version: string };
  const paths = appPaths(options.root);
  const volumes = new VolumeStore();
  const segments = new SegmentStore(volumes);
  const inference = new InferenceRunner();
  const levels = new LevelReader();
  const surfaceBuilds = new SurfaceBuilder();
  const pyramids = { cacheDir: defaultCacheDir(), largeBytes: 512 << 20, ...options.pyramids };
  const readers = new ReaderThreads();
  if (options.spareReader) readers.warm();
  const pyramidBuilds = new PyramidBuilds(volumes, levels, pyramids.cacheDir, readers);
  const pacs = new PacsSessionCache();
  const logins = new LoginConnections();
  const sync = { settingsDir: defaultSettingsDir(), ...options.sync };
  return {
    transport: options.transport,
    pyramids,
    version,
    paths,
    volumes,
    segments,
    openedFrom: new Map(),
    dialogs: options.dialogs,
    sync,
    models: modelFolders(options.root, options.modelsDir),
    fileAccess: options.fileAccess ?? unrestrictedFileAccess,
    inference,
    surfaceBuilds,
    levels,
    chunkCache: { dir: join(defaultCacheDir(), '..', 'chunks'), maxBytes: 2 ** 31, ...options.chunkCache },
    pyramidBuilds,
    readers,
    pacs,
    browseRoots: options.browseRoots ?? [],
    recentScans: new RecentScans(sync.settingsDir),
    logins,
    close: async () => {
      await pyramidBuilds.close();
      await segments.close();
      await volumes.closeAll();
      await Promise.all([inference.close(), surfaceBuilds.close(), levels.close(), pacs.close(), readers.close(), logins.close(), chunkCacheWritten()]);
    },
  };
}

/** Opens a scan in its own reader worker (progress on `emit`) and adds it to the open volumes; a large one without
 * a cached pyramid opens at once, its slices read from the file, and its pyramid builds in the background. */
export async function openVolume(services: Services, emit: Emit, path: string, options: OpenOptions = {}): Promise<VolumeInfo> {
  if (isInPlace(path)) return openVolumeInPlace(services, emit, path, await locationOf(path, services.sync, services.chunkCache));
  // A local OME-Zarr is already a pyramid: opened where it lies, chunk by chunk, like a remote one.
  if (await omeZarrLevels(path)) return openVolumeInPlace(services, emit, path, { kind: 'folder', path: resolve(path) });
  const job = jobIds.open(basename(path));
  const { source, stats, pyramid, building } = await openInWorker(resolve(path), options, {
    pyramids: services.pyramids,
    readers: services.readers,
    onProgress: (done, total) => emit('progress', { job, done, total, message: `Reading ${basename(path)}: ${done} of ${total}` }),
  });
  const info = services.volumes.add(source, stats, pyramid && (await openOmeZarr(pyramid.dir, services.levels.read)), building);
  services.openedFrom.set(info.id, { path: resolve(path), ...options });
  emit('volume.opened', info);
  if (building) services.pyramidBuilds.start(info, resolve(path), options, pyramidEvents(emit), { afterFirstSlices: true });
  return info;
}

/** Builds the pyramid of an open volume that says `building`, from where it was opened (a PACS series: once its slices are all in its folder). */
export function startPyramid(services: Services, emit: Emit, info: VolumeInfo): void {
  const { path, ...options } = services.openedFrom.get(info.id)!;
  services.pyramidBuilds.start(info, path, options, pyramidEvents(emit));
}

const pyramidEvents = (emit: Emit) => ({ progress: (progress: Progress) => emit('progress', progress), changed: (info: VolumeInfo) => emit('volume.levels', info) });

/** Builds again the pyramid of a volume whose background build stopped (cancelled, or failed). */
export function rebuildPyramid(services: Services, emit: Emit, id: string): VolumeInfo {
  const { info } = services.volumes.get(id);
  const from = services.openedFrom.get(id);
  if (!info.building || !info.pyramidStopped || !from) throw new VoxbenchError('NoPyramidToBuild', `${info.name} has no stopped pyramid build to start again.`);
  const restarted = services.volumes.pyramidStopped(id, undefined);
  startPyramid(services, emit, restarted);
  return restarted;
}

/** Opens an OME-Zarr (a local folder, https://…, s3://target/key) without copying it: progress while the coarsest level loads. */
async function openVolumeInPlace(services: Services, emit: Emit, path: string, location: ZarrLocation): Promise<VolumeInfo> {
  const job = jobIds.open(basename(path));
  emit('progress', { job, done: 0, total: 1, message: `Opening ${path} in place: metadata and the coarsest level` });
  try {
    const image = await services.levels.open(location); // opened in the level reader, which reads the slices
    const info = services.volumes.add({ ...image.levelSource(0), meta: image.meta }, { min: image.meta.range[0], max: image.meta.range[1], mean: NaN }, image);
    services.openedFrom.set(info.id, { path });
    emit('volume.opened', info);
    return info;
  } finally {
    emit('progress', { job, done: 1, total: 1, message: `Opened ${path} in place` });
  }
}
