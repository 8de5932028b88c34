// Model packages for the inference tests: models from test/fixtures/make_models.py (python3-onnx) with a
// manifest written here, so each test states the parameters it runs with.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from '../../electron/services/fileHash';
import type { ModelManifest } from '../../electron/services/inference/manifest';

export const generated = 'test/fixtures/generated/models';

export async function readRaw<T extends Float32Array | Uint8Array>(name: string, type: { new (buffer: ArrayBuffer): T }): Promise<T> {
  const bytes = await readFile(join(generated, name));
  return new type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function manifestFor(name: string, sha256: string, overrides: Partial<ModelManifest> = {}): ModelManifest {
  return {
    name,
    version: '1',
    task: 'segmentation',
    sha256,
    input: { name: 'image', layout: 'NCDHW' },
    precision: 'float32',
    output: { name: 'logits', activation: 'softmax' },
    normalisation: { kind: 'minmax' },
    patch: { size: [64, 64, 64], overlap: 0.5, batch: 2 },
    labels: [{ value: 1, name: 'above', color: [255, 0, 0] }],
    ...overrides,
  };
}

/** Copies `model` into `dir` beside a manifest naming its SHA-256; returns the manifest's path. */
export async function writePackage(dir: string, model: string, name: string, overrides: Partial<ModelManifest> = {}): Promise<string> {
  await copyFile(model, join(dir, `${name}.onnx`));
  const manifest = manifestFor(name, await sha256File(join(dir, `${name}.onnx`)), overrides);
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(manifest));
  return path;
}

export function dice(a: ArrayLike<number>, b: ArrayLike<number>, label = 1): number {
  let both = 0;
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const inA = a[i] === label;
    const inB = b[i] === label;
    if (inA && inB) both++;
    total += Number(inA) + Number(inB);
  }
  return total ? (2 * both) / total : 1;
}

/**
 * Chromium's SwiftShader Vulkan driver (Debian's chromium package) for WebGPU, as a process must start with it:
 * the Vulkan loader beside it (Debian 12 has no libvulkan1 here) and a runtime dir Dawn asks for.
 */
export function swiftshaderEnv(runtimeDir: string): Record<string, string> {
  return { VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json', LD_LIBRARY_PATH: '/usr/lib/chromium', XDG_RUNTIME_DIR: runtimeDir };
}
