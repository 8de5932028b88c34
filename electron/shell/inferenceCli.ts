// voxbench models add|list and voxbench segment: the model library and inference without a window.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot, appVersion } from './appRoot.js';
import { VoxbenchError } from '../common/errors.js';
import { openScan } from '../services/io/registry.js';
import { memorySource, readRegion } from '../services/volume/model.js';
import { labelCounts } from '../services/inference/handlers.js';
import { checkLabelFilePath, writeLabelFile } from '../services/segment/labelFiles.js';
import { labelBoxes } from '../services/segment/labelScan.js';
import { addModel, defaultModelsDir, findModel, listModels, type ModelFolders } from '../services/inference/library.js';
import { readManifest } from '../services/inference/manifest.js';
import { providerNames, type Provider } from '../common/inferenceCalls.js';
import { InferenceRunner } from '../services/inference/runner.js';
import { inferenceUsage } from './cliUsage.js';

const folders = (): ModelFolders => ({ bundled: join(appRoot, 'assets', 'models'), user: defaultModelsDir() });

export async function models(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const [action, manifest] = positionals;
  if (action === 'add' && manifest) {
    const entry = await addModel(folders(), manifest);
    return void console.log(`added ${entry.name} ${entry.version} to ${entry.manifestPath}`);
  }
  if (action !== 'list') throw new VoxbenchError('Usage', inferenceUsage);
  const entries = await listModels(folders());
  if (values.json) return void console.log(JSON.stringify(entries));
  for (const { name, version, task, bundled, labels, problem } of entries) {
    console.log(problem ? `${name}: unusable: ${problem}` : `${name} ${version} (${task}${bundled ? ', bundled' : ''}): ${labels.map((label) => label.name).join(', ')}`);
  }
}

export async function segment(args: string[]): Promise<void> {
  const options = { model: { type: 'string' }, manifest: { type: 'string' }, provider: { type: 'string' }, threads: { type: 'string' }, output: { type: 'string', short: 'o' } } as const;
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true });
  const [input] = positionals;
  if (!input || !values.output || !(values.model ?? values.manifest)) throw new VoxbenchError('Usage', inferenceUsage);
  checkLabelFilePath(values.output);
  const providers = values.provider?.split(',') as Provider[] | undefined;
  const unknown = providers?.find((name) => !providerNames.includes(name));
  if (unknown) throw new VoxbenchError('Usage', `--provider ${unknown}: choose from ${providerNames.join(', ')}.`);
  // --model takes a library name or an .onnx file, whose manifest sits beside it (M.json) unless --manifest names it.
  const manifestPath = values.manifest ?? (values.model?.endsWith('.onnx') ? `${values.model.slice(0, -'.onnx'.length)}.json` : undefined);
  const pkg = manifestPath ? await readManifest(manifestPath) : await findModel(folders(), values.model!);
  const source = await openScan(input);
  const runner = new InferenceRunner();
  try {
    const { meta } = source;
    const run = await runner.run(pkg, () => readRegion(source, { min: [0, 0, 0], max: meta.dims }), meta, {
      providers,
      threads: values.threads === undefined ? undefined : Number(values.threads),
      onProgress: (done, total) => process.stderr.write(`\rpatch ${done} of ${total}`),
    });
    process.stderr.write('\n');
    const dtype = run.labels instanceof Uint8Array ? 'uint8' : 'uint16';
    // The Segment Editor's writer: a .seg.nrrd carries the model's label names and colours as Slicer's Segment{N}_* fields
    const labels = memorySource({ ...meta, valueUnit: undefined, name: `${meta.name} ${pkg.manifest.name}`, dtype, storedType: dtype }, run.labels);
    const algorithm = { type: 'AUTOMATIC' as const, name: `${run.provenance.model} ${run.provenance.version}` };
    const seg = { volume: meta, algorithms: new Map(run.segments.map(({ value }) => [value, algorithm])), software: `Voxbench ${appVersion()}` };
    await writeLabelFile(values.output, labels, run.segments, async () => new Map(labelBoxes(run.labels, meta.dims)), seg);
    const { provider, device, skippedProviders, seconds, patches } = run.provenance;
    skippedProviders.forEach(({ provider: skipped, reason }) => console.log(`${skipped}: not used (${reason})`));
    console.log(`${pkg.manifest.name} ran on ${provider}${device ? ` (${device})` : ''}: ${patches} patches in ${seconds.toFixed(1)} s`);
    labelCounts(run).forEach(({ value, name, voxels }) => console.log(`  ${value} ${name}: ${voxels} voxels`));
    console.log(`wrote ${values.output}`);
  } finally {
    await runner.close();
    await source.close();
  }
}
