// The model library: the models bundled with the app plus the user's own folder in their data directory,
// where a model is added by dropping in its .onnx + .json pair (or through the UI and `voxbench models add`).
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { ModelEntry } from '../../common/inferenceCalls.js';
import { readManifest, verifyModel, type ModelPackage } from './manifest.js';

export interface ModelFolders {
  /** Shipped with the app (assets/models), read-only. */
  bundled: string;
  /** The user's own models. */
  user: string;
}

/** The user's model folder: $XDG_DATA_HOME/voxbench/models on Linux, the usual places elsewhere. */
export function defaultModelsDir(): string {
  const home = homedir();
  const base =
    process.platform === 'win32'
      ? (process.env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'));
  return join(base, 'voxbench', 'models');
}

/** The library of the app installed at `root`: its bundled models and the user's folder. */
export const modelFolders = (root: string, user = defaultModelsDir()): ModelFolders => ({ bundled: join(root, 'assets', 'models'), user });

async function manifestsIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.json')).map((name) => join(dir, name));
}

export async function listModels(folders: ModelFolders): Promise<ModelEntry[]> {
  const entries: ModelEntry[] = [];
  for (const [dir, bundled] of [[folders.bundled, true], [folders.user, false]] as const) {
    for (const manifestPath of await manifestsIn(dir)) {
      try {
        const { manifest } = await readManifest(manifestPath);
        const { name, version, task, description, labels, prompts } = manifest;
        entries.push({ name, version, task, description, labels, prompts: Boolean(prompts), bundled, manifestPath });
      } catch (error) {
        const name = manifestPath.split(/[\\/]/).at(-1)!.replace(/\.json$/, '');
        entries.push({ name, version: '?', task: 'segmentation', labels: [], prompts: false, bundled, manifestPath, problem: (error as Error).message });
      }
    }
  }
  return entries;
}

export async function findModel(folders: ModelFolders, name: string): Promise<ModelPackage> {
  const entry = (await listModels(folders)).find((model) => model.name === name && !model.problem);
  if (!entry) {
    throw new VoxbenchError('UnknownModel', `No usable model named ${name} in ${folders.user} or the bundled models; add one with \`voxbench models add M.json\`.`);
  }
  return readManifest(entry.manifestPath);
}

/** Copies a checked model pair into the user's folder as <name>.onnx + <name>.json; `modelPath` when the .onnx is elsewhere (an upload). */
export async function addModel(folders: ModelFolders, manifestPath: string, modelPath?: string): Promise<ModelEntry> {
  const pkg = { ...(await readManifest(manifestPath)), ...(modelPath && { modelPath }) };
  await verifyModel(pkg);
  const { name } = pkg.manifest;
  await mkdir(folders.user, { recursive: true });
  await copyFile(pkg.modelPath, join(folders.user, `${name}.onnx`));
  const target = join(folders.user, `${name}.json`);
  await writeFile(target, `${JSON.stringify({ ...pkg.manifest, file: `${name}.onnx` }, null, 2)}\n`);
  const { version, task, description, labels, prompts } = pkg.manifest;
  return { name, version, task, description, labels, prompts: Boolean(prompts), bundled: false, manifestPath: target };
}
