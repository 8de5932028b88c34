// File access as capabilities. In the desktop app the page may name only paths the user chose (open and save
// dialogs, drops, file inputs, the command line) and the app's own folders; every call that takes a path is
// checked here before its handler runs. Browser mode and the CLI run unrestricted: there the token holder, or
// the user at the shell, already is the user.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Method } from '../common/contract.js';
import { VoxbenchError } from '../common/errors.js';
import { isTargetDataset } from './volume/inPlacePaths.js';

export type Access = 'read' | 'write';

export interface FileAccess {
  /** `path` (a file, or a folder and all under it) may be read, or written (which includes reading). */
  grant(path: string, access: Access): void;
  /** Throws NotPermitted naming `path` unless a grant covers it. */
  check(path: string, access: Access): void;
}

/** Where a path really is: symlinks resolved as far as the path exists (a file about to be written does not). */
export function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync.native(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : resolve(realPath(parent), basename(absolute));
  }
}

/** Whether `path` is `folder` or lies under it (both real paths). */
export function isInside(path: string, folder: string): boolean {
  const rest = relative(folder, path);
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
}

/** Only what was granted; a symlink inside a granted folder that points out of it is outside. */
export function grantedFileAccess(): FileAccess {
  const grants = new Map<string, Access>();
  return {
    grant(path, access) {
      const real = realPath(path);
      if (grants.get(real) !== 'write') grants.set(real, access);
    },
    check(path, access) {
      const real = realPath(path);
      for (const [granted, allowed] of grants) if (isInside(real, granted) && (access === 'read' || allowed === 'write')) return;
      const how = access === 'read' ? 'read' : 'write to';
      throw new VoxbenchError('NotPermitted', `${path}: the page may ${how} only files you chose (open or save dialog, drop, command line) and Voxbench's own folders.`);
    },
  };
}

/** Browser mode and the CLI: whoever calls already acts as the user. */
export const unrestrictedFileAccess: FileAccess = { grant: () => undefined, check: () => undefined };

type PathParams = (params: Record<string, unknown>) => { path: unknown; access: Access }[];
const one = (key: string, access: Access): PathParams => (params) => [{ path: params[key], access }];

/** A target's credentials file (auth "file"): written when the call brings credentials, else read. */
const credentialsFile = (params: Record<string, unknown>, access: Access) => {
  const auth = (params.target as { auth: { from: string; path?: string } }).auth;
  const used = auth.from === 'file' && (access === 'read' ? !params.credentials : Boolean(params.credentials));
  return used ? [{ path: auth.path, access }] : [];
};

/** A cluster's private key and known_hosts, read to reach its login node (a page must not send any key to any host). */
const clusterKeyFiles = (params: Record<string, unknown>) => {
  const { privateKey, knownHosts } = params.cluster as { privateKey: unknown; knownHosts: unknown };
  return [
    { path: privateKey, access: 'read' as const },
    { path: knownHosts, access: 'read' as const },
  ];
};

/** Every contract call that takes a path, and what it does there (a test checks none is missing). */
export const pathParams: Partial<Record<Method, PathParams>> = {
  'volume.open': one('path', 'read'),
  'volume.candidates': one('path', 'read'),
  'files.list': one('path', 'read'),
  'files.preview': one('path', 'read'),
  'segment.import': one('path', 'read'),
  'segment.export': one('path', 'write'),
  'segment.exportStatistics': one('path', 'write'),
  'surface.export': one('path', 'write'),
  'batch.saveRecipe': one('path', 'write'),
  'batch.replayRecipe': one('path', 'read'),
  'batch.run': (params) => [
    { path: params.recipe, access: 'read' as const },
    ...(params.inputs as unknown[]).map((path) => ({ path, access: 'read' as const })),
    // A cluster run's output folder and clusterInputs are on the cluster's file system, not this computer's.
    ...(params.cluster ? [] : [{ path: params.outDir, access: 'write' as const }]),
  ],
  'batch.saveCluster': (params) => clusterKeyFiles(params),
  'batch.testCluster': (params) => clusterKeyFiles(params),
  'workspace.load': one('path', 'read'),
  'workspace.save': one('path', 'write'),
  'workspace.autosave': one('path', 'write'),
  'inference.addModel': (params) => [
    { path: params.manifestPath, access: 'read' },
    { path: params.modelPath, access: 'read' },
  ],
  'sync.push': (params) => (params.files as unknown[]).map((path) => ({ path, access: 'read' as const })),
  'sync.pull': one('into', 'write'),
  'sync.saveTarget': (params) => credentialsFile(params, 'write'),
  'sync.testTarget': (params) => credentialsFile(params, 'read'),
  'pacs.saveSeries': one('into', 'write'),
};

/** Checks a validated call's paths against `fileAccess` (absent and null paths mean "none" or "the default"). */
export function checkPaths(fileAccess: FileAccess, method: string, params: unknown): void {
  const paths = pathParams[method as Method]?.(params as Record<string, unknown>) ?? [];
  for (const { path, access } of paths) if (typeof path === 'string' && !(access === 'read' && isTargetDataset(path))) fileAccess.check(path, access);
}
