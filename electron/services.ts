// Builds the services a host needs. Tests build them with temp dirs; shells hand in their own dialogs.
import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppAbout } from './contract.js';
import { defaultModelsDir, type ModelFolders } from './inference/library.js';
import type { PyramidPolicy } from './volume/readerWorker.js';
import { VolumeStore } from './volume/store.js';

export interface Dialogs {
  /** Asks the user for a scan to open; null when they cancel. */
  pickScan(): Promise<string | null>;
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
  dialogs: Dialogs;
  /** Where the model library lives: the bundled models and the user's folder. */
  models: ModelFolders;
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
  /** The user's model folder (tests use a temp dir). */
  modelsDir?: string;
}): Services {
  const { version } = JSON.parse(readFileSync(join(options.root, 'package.json'), 'utf8')) as { version: string };
  const paths = appPaths(options.root);
  return {
    transport: options.transport,
    pyramids: { cacheDir: defaultCacheDir(), largeBytes: 512 << 20, ...options.pyramids },
    version,
    paths,
    volumes: new VolumeStore(),
    dialogs: options.dialogs,
    models: { bundled: join(paths.assets, 'models'), user: options.modelsDir ?? defaultModelsDir() },
  };
}
