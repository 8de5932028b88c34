// Builds the services a host needs. Tests build them with temp dirs; shells hand in their own dialogs.
import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { AppAbout, VolumeInfo } from '../common/contract.js';
import { unrestrictedFileAccess, type FileAccess } from './fileAccess.js';
import { jobIds } from '../common/jobIds.js';
import type { Emit } from './handlerTypes.js';
import { defaultModelsDir, type ModelFolders } from './inference/library.js';
import { InferenceRunner } from './inference/runner.js';
import type { OpenOptions } from './io/reader.js';
import { PacsSessionCache } from './pacs/sessionCache.js';
import type { SecretStore } from './sync/secrets.js';
import { defaultSettingsDir } from './sync/targets.js';
import type { PyramidPolicy } from './volume/readerWorker.js';
import { SegmentStore } from './segment/store.js';
import { SurfaceBuilder } from './segment/surface/buildInWorker.js';
import { LevelReader } from './volume/levelReader.js';
import { openOmeZarr } from './volume/omeZarr.js';
import { VolumeStore } from './volume/store.js';
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
  /** Series retrieved from a PACS, kept for this session only. */
  pacs: PacsSessionCache;
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
  sync?: Partial<Services['sync']>;
  /** The user's model folder (tests use a temp dir). */
  modelsDir?: string;
  /** Unrestricted unless given: browser mode and the CLI act as the user already. */
  fileAccess?: FileAccess;
}): Services {
  const { version } = JSON.parse(readFileSync(join(options.root, 'package.json'), 'utf8')) as { version: string };
  const paths = appPaths(options.root);
  const volumes = new VolumeStore();
  const segments = new SegmentStore(volumes);
  const inference = new InferenceRunner();
  const levels = new LevelReader();
  const surfaceBuilds = new SurfaceBuilder();
  const pacs = new PacsSessionCache();
  return {
    transport: options.transport,
    pyramids: { cacheDir: defaultCacheDir(), largeBytes: 512 << 20, ...options.pyramids },
    version,
    paths,
    volumes,
    segments,
    openedFrom: new Map(),
    dialogs: options.dialogs,
    sync: { settingsDir: defaultSettingsDir(), ...options.sync },
    models: { bundled: join(paths.assets, 'models'), user: options.modelsDir ?? defaultModelsDir() },
    fileAccess: options.fileAccess ?? unrestrictedFileAccess,
    inference,
    surfaceBuilds,
    levels,
    pacs,
    close: async () => {
      await segments.close();
      await volumes.closeAll();
      await Promise.all([inference.close(), surfaceBuilds.close(), levels.close(), pacs.close()]);
    },
  };
}

/** Opens a scan in its own reader worker (progress on `emit`) and adds it to the open volumes. */
export async function openVolume(services: Services, emit: Emit, path: string, options: OpenOptions = {}): Promise<VolumeInfo> {
  const job = jobIds.open(basename(path));
  const { source, stats, pyramid } = await openInWorker(resolve(path), options, {
    pyramids: services.pyramids,
    onProgress: (done, total, what) =>
      emit('progress', { job, done, total, message: `${what === 'pyramid' ? 'Building the multiscale pyramid of' : 'Reading'} ${basename(path)}: ${done} of ${total}` }),
  });
  const info = services.volumes.add(source, stats, pyramid && (await openOmeZarr(pyramid.dir, services.levels.read)));
  services.openedFrom.set(info.id, { path: resolve(path), ...options });
  emit('volume.opened', info);
  return info;
}
