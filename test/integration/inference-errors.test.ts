// What a user meets when a run cannot go as asked: a missing GPU provider, a cancel, a damaged model file,
// a manifest that does not match, a volume too large; and the model library they add models to.
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { addModel, findModel, listModels } from '../../electron/services/inference/library';
import { readManifest } from '../../electron/services/inference/manifest';
import { defaultProviders } from '../../electron/services/inference/providers';
import { InferenceRunner } from '../../electron/services/inference/runner';
import { generated, manifestFor, writePackage } from './inferenceModels';

const runner = new InferenceRunner();
afterAll(() => runner.close());

const grid = { dims: [48, 40, 36] as Vec3, spacing: [1, 1, 1] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const voxels = Float32Array.from({ length: 48 * 40 * 36 }, (_, i) => Math.sin(i * 0.01));
let dir: string;
let meanPackage: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-inference-errors-'));
  meanPackage = await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'mean', { patch: { size: [16, 16, 16], overlap: 0.5, batch: 1 } });
});

describe('providers', () => {
  it('tries CUDA first, then the platform\'s GPU provider, then WebGPU, then the CPU', () => {
    expect(defaultProviders('linux')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(defaultProviders('win32')).toEqual(['cuda', 'dml', 'webgpu', 'cpu']);
    expect(defaultProviders('darwin')).toEqual(['cuda', 'coreml', 'webgpu', 'cpu']);
  });

  it('falls back to the CPU when CUDA is asked for and absent, and says why', async () => {
    const run = await runner.run(await readManifest(meanPackage), voxels, grid, { providers: ['cuda'] });
    expect(run.provenance.provider).toBe('cpu');
    expect(run.provenance.skippedProviders).toEqual([{ provider: 'cuda', reason: expect.stringMatching(/cuda/i) }]);
  });
});

describe('cancel', () => {
  it('stops soon after the cancel with InferenceCancelled, far short of the 80 patches', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = runner.run(await readManifest(meanPackage), voxels, grid, {
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ kind: 'InferenceCancelled' });
    // The worker checks the shared flag before each batch; the progress messages that were already in flight still arrive.
    expect(seen.at(-1)).toBeLessThan(20);
  });
});

describe('damaged or mismatched models', () => {
  it('refuses a model file whose SHA-256 is not the manifest\'s, naming the file', async () => {
    const path = await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'swapped');
    await copyFile(join(generated, 'constant.onnx'), join(dir, 'swapped.onnx'));
    const run = runner.run(await readManifest(path), voxels, grid);
    await expect(run).rejects.toMatchObject({ kind: 'ModelChecksumMismatch', message: expect.stringContaining(join(dir, 'swapped.onnx')) });
  });

  it('reports a corrupt model file (truncated, manifest hash matching) as ModelCorrupt, naming the file', async () => {
    const bytes = await readFile(join(generated, 'mean_threshold.onnx'));
    await writeFile(join(dir, 'truncated-src.onnx'), bytes.subarray(0, 200));
    const path = await writePackage(dir, join(dir, 'truncated-src.onnx'), 'truncated');
    await expect(runner.run(await readManifest(path), voxels, grid)).rejects.toMatchObject({ kind: 'ModelCorrupt', message: expect.stringContaining('truncated.onnx') });
  });

  it('a manifest naming an input or output the model lacks names the field and lists the model\'s real names', async () => {
    // make_models.py builds mean_threshold.onnx with onnx.helper: input 'image', output 'logits'
    const real = "Its inputs are 'image'; its outputs are 'logits'.";
    const input = await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'renamed-input', { input: { name: 'ct', layout: 'NCDHW' } });
    await expect(runner.run(await readManifest(input), voxels, grid)).rejects.toMatchObject({
      kind: 'ModelMismatch',
      message: `renamed-input.json: input.name is 'ct', but renamed-input.onnx has no input of that name. ${real}`,
    });
    const output = await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'renamed-output', { output: { name: 'probabilities', activation: 'softmax' } });
    await expect(runner.run(await readManifest(output), voxels, grid)).rejects.toMatchObject({
      kind: 'ModelMismatch',
      message: `renamed-output.json: output.name is 'probabilities', but renamed-output.onnx has no output of that name. ${real}`,
    });
  });

  it('names the manifest and the field that is wrong', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ ...manifestFor('bad', 'f'.repeat(64)), patch: { size: [0, 64, 64] } }));
    await expect(readManifest(path)).rejects.toMatchObject({ kind: 'InvalidManifest', message: expect.stringMatching(/bad\.json[\s\S]*patch/) });
    await expect(readManifest(join(dir, 'absent.json'))).rejects.toMatchObject({ kind: 'InvalidManifest', message: expect.stringContaining('no such file') });
  });

  it('refuses, before starting, a run that would not fit in memory', async () => {
    const run = runner.run(await readManifest(meanPackage), voxels, grid, { memoryLimit: 1 << 20 });
    await expect(run).rejects.toMatchObject({ kind: 'NotEnoughMemory', message: expect.stringContaining('48×40×36') });
  });
});

describe('model library', () => {
  it('adds a checked model pair to the user\'s folder and lists it beside the bundled ones', async () => {
    const folders = { bundled: join(dir, 'no-bundled'), user: join(dir, 'library') };
    expect(await listModels(folders)).toEqual([]);
    await addModel(folders, meanPackage);
    await writeFile(join(folders.user, 'broken.json'), '{');
    const listed = await listModels(folders);
    expect(listed.map(({ name, problem }) => [name, Boolean(problem)])).toEqual([
      ['broken', true],
      ['mean', false],
    ]);
    const found = await findModel(folders, 'mean');
    expect(found.modelPath).toBe(join(folders.user, 'mean.onnx'));
    await expect(findModel(folders, 'nope')).rejects.toMatchObject({ kind: 'UnknownModel' });
  });
});
