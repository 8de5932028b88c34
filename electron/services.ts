// Builds the services a host needs. Tests build them with temp dirs; shells hand in their own dialogs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppAbout } from './contract.js';
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
  version: string;
  paths: AppPaths;
  volumes: VolumeStore;
  dialogs: Dialogs;
}

export function appPaths(root: string): AppPaths {
  const assets = join(root, 'assets');
  return { root, assets, renderer: join(root, 'dist', 'renderer'), defaultScan: join(assets, 'shepp-logan.nii.gz') };
}

export function createServices(options: { root: string; transport: Services['transport']; dialogs: Dialogs }): Services {
  const { version } = JSON.parse(readFileSync(join(options.root, 'package.json'), 'utf8')) as { version: string };
  return {
    transport: options.transport,
    version,
    paths: appPaths(options.root),
    volumes: new VolumeStore(),
    dialogs: options.dialogs,
  };
}
