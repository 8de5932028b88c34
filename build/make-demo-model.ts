// Writes the demo models bundled with the app, assets/models/demo-*.{onnx,json}, without python.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { demoManifest, demoThreshold, promptDemoManifest, promptDemoPatch } from './models/demoManifest.js';
import { boxThresholdModel, meanThresholdModel } from './models/demoModels.js';
import type { ModelManifest } from '../electron/services/inference/manifest.js';

const dir = fileURLToPath(new URL('../../assets/models/', import.meta.url));
await mkdir(dir, { recursive: true });
for (const [model, manifestOf] of [
  [meanThresholdModel(demoThreshold), demoManifest],
  [boxThresholdModel(promptDemoPatch), promptDemoManifest],
] as [Uint8Array, (model: Uint8Array) => ModelManifest][]) {
  const manifest = manifestOf(model);
  await writeFile(`${dir}${manifest.file}`, model);
  await writeFile(`${dir}${manifest.name}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${dir}${manifest.file}`);
}
