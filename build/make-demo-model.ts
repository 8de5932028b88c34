// Writes the demo model bundled with the app, assets/models/demo-tissue.{onnx,json}, without python.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { demoManifest, demoThreshold } from '../electron/inference/demoManifest.js';
import { meanThresholdModel } from '../electron/inference/demoModels.js';

const dir = fileURLToPath(new URL('../../assets/models/', import.meta.url));
const model = meanThresholdModel(demoThreshold);
await mkdir(dir, { recursive: true });
await writeFile(`${dir}demo-tissue.onnx`, model);
await writeFile(`${dir}demo-tissue.json`, `${JSON.stringify(demoManifest(model), null, 2)}\n`);
console.log(`wrote ${dir}demo-tissue.onnx`);
