// The sliding-window pipeline against answers computed without it (scipy, on models built by python3-onnx).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { demoManifest } from '../../build/models/demoManifest';
import { meanThresholdModel } from '../../build/models/demoModels';
import { readManifest } from '../../electron/services/inference/manifest';
import { activate, toLabels } from '../../electron/services/inference/pipeline';
import { orientationAxes, resample } from '../../electron/services/inference/resample';
import { openSession } from '../../electron/services/inference/providers';
import { InferenceRunner } from '../../electron/services/inference/runner';
import { slidingWindow } from '../../electron/services/inference/slidingWindow';
import { dice, generated, readRaw, writePackage } from './inferenceModels';

const runner = new InferenceRunner();
afterAll(() => runner.close());

const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-inference-'));
});

describe('sliding-window segmentation', () => {
  it('gives scipy\'s labelmap on a 256³ volume (Dice ≥ 0.999)', async () => {
    const manifest = await readManifest(await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'mean256', { patch: { size: [96, 96, 96], overlap: 0.5, batch: 2 } }));
    const volume = await readRaw('volume-256.f32', Float32Array);
    const expected = await readRaw('labels-256.u8', Uint8Array);
    const seen: number[] = [];
    const run = await runner.run(manifest, volume, { dims: [256, 256, 256], spacing: [1, 1, 1], direction: identity }, { onProgress: (done) => seen.push(done) });
    expect(run.provenance.patches).toBe(125);
    expect(seen.at(-1)).toBe(125);
    expect(dice(run.labels, expected)).toBeGreaterThanOrEqual(0.999);
    const foreground = expected.reduce((sum, v) => sum + v, 0) / expected.length;
    expect(foreground).toBeGreaterThan(0.1);
    expect(foreground).toBeLessThan(0.9);
  }, 120_000);

  it('blends a constant-response model into a constant: no seams at patch borders', async () => {
    const { session } = await openSession(join(generated, 'constant.onnx'), ['cpu']);
    const dims: Vec3 = [70, 45, 38];
    const image = new Float32Array(dims[0] * dims[1] * dims[2]).map((_, i) => Math.sin(i));
    const patch: Vec3 = [32, 24, 16];
    const { output, channels } = await slidingWindow(image, dims, { patch, overlap: 0.25, batch: 3, layout: 'NCDHW' }, async (input, count) => {
      const result = await session.run({ image: new (await import('onnxruntime-node')).Tensor('float32', input, [count, 1, patch[2], patch[1], patch[0]]) });
      return result.logits!.data as Float32Array;
    });
    expect(channels).toBe(2);
    const size = image.length;
    let worst = 0;
    for (let i = 0; i < size; i++) worst = Math.max(worst, Math.abs(output[i]! - 0.25), Math.abs(output[size + i]! + 0.5));
    expect(worst).toBeLessThan(1e-6);
  });

  it('resamples an anisotropic volume to the model\'s spacing as scipy\'s zoom does, and its labels back', async () => {
    const aniso = await readRaw('aniso.f32', Float32Array);
    const reference = await readRaw('aniso-resampled.f32', Float32Array);
    const dims: Vec3 = [60, 50, 20];
    const ours = resample(aniso, dims, [40, 33, 40], orientationAxes(identity, undefined), 'linear');
    expect(ours.reduce((worst, v, i) => Math.max(worst, Math.abs(v - reference[i]!)), 0)).toBeLessThan(1e-4);

    const manifest = await readManifest(await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'aniso', { spacing: [1.5, 1.5, 1.5], patch: { size: [24, 24, 24], overlap: 0.5, batch: 4 } }));
    const run = await runner.run(manifest, aniso, { dims, spacing: [1, 1, 3], direction: identity });
    expect(run.provenance.modelDims).toEqual([40, 33, 40]);
    // 60k voxels of noise: the few that differ sit where patch borders meet a mean within 1e-3 of the threshold.
    expect(dice(run.labels, await readRaw('aniso-labels.u8', Uint8Array))).toBeGreaterThanOrEqual(0.998);
  });

  it('feeds and reads NCWHD models (x slowest, as nibabel-loaded MONAI models see arrays) like NCDHW ones', async () => {
    const aniso = await readRaw('aniso.f32', Float32Array);
    const grid = { dims: [60, 50, 20] as Vec3, spacing: [1, 1, 1] as Vec3, direction: identity };
    const patch = { size: [24, 20, 16] as Vec3, overlap: 0.5, batch: 2 };
    const [ncdhw, ncwhd] = await Promise.all(
      (['NCDHW', 'NCWHD'] as const).map(async (layout) => {
        const manifest = await readManifest(await writePackage(dir, join(generated, 'mean_threshold.onnx'), `layout-${layout}`, { input: { name: 'image', layout }, patch }));
        return (await runner.run(manifest, aniso, grid)).labels;
      }),
    );
    expect(dice(ncwhd!, ncdhw!)).toBe(1);
    expect(new Uint8Array(ncdhw!).reduce((sum, v) => sum + v, 0)).toBeGreaterThan(10_000);
  });

  it('reorients to the model\'s axes: a RAS-stored volume reaches an LPS model with x and y reversed', () => {
    const dims: Vec3 = [4, 3, 2];
    const values = Float32Array.from({ length: 24 }, (_, i) => i);
    const axes = orientationAxes([-1, 0, 0, 0, -1, 0, 0, 0, 1], 'LPS');
    expect(axes).toEqual([{ from: 0, flip: true }, { from: 1, flip: true }, { from: 2, flip: false }]);
    const flipped = resample(values, dims, dims, axes, 'nearest');
    expect(flipped[0]).toBe(values[3 + 2 * 4]);
    expect(orientationAxes([0, 0, 1, 1, 0, 0, 0, 1, 0], 'LPS').map(({ from }) => from)).toEqual([2, 0, 1]);
  });
});

describe('from network output to labels', () => {
  // Three voxels, two channels (channel-major): logits as a network returns them.
  const logits = Float32Array.of(2, -1, 0.1, /* channel 1 */ -3, 0.5, 0.2);

  it('softmax: the most probable channel, 0 being background', () => {
    const probabilities = Float32Array.from(logits);
    activate(probabilities, 2, 'softmax');
    expect(probabilities[0]! + probabilities[3]!).toBeCloseTo(1, 6);
    expect(probabilities[0]).toBeCloseTo(1 / (1 + Math.exp(-5)), 6);
    expect([...toLabels(probabilities, 2)]).toEqual([0, 1, 1]);
    expect([...toLabels(logits, 2)]).toEqual([0, 1, 1]); // the same on raw logits: what the pipeline uses on the model's own grid
  });

  it('sigmoid: label = channel + 1 of the strongest channel above 0.5, else background', () => {
    const probabilities = Float32Array.from(logits);
    activate(probabilities, 2, 'sigmoid');
    expect(probabilities[1]).toBeCloseTo(1 / (1 + Math.exp(1)), 6);
    expect([...toLabels(probabilities, 2, 0.5)]).toEqual([1, 2, 2]);
    expect([...toLabels(Float32Array.of(-2, -1, -0.1, -3, -0.5, -0.2), 2, 0)]).toEqual([0, 0, 0]); // on logits the threshold is 0
  });
});

describe('the demo model bundled with the app', () => {
  it('is a valid ONNX model (onnx.checker) whose labels are scipy\'s mean filter above its threshold', async () => {
    const model = meanThresholdModel(0.1);
    const modelPath = join(dir, 'demo.onnx');
    await writeFile(modelPath, model);
    const checked = JSON.parse(execFileSync('/usr/bin/python3', ['test/fixtures/make_models.py', 'check', modelPath], { encoding: 'utf8' }));
    expect(checked).toEqual({ opset: 17, ops: ['Conv'], inputs: ['image'], outputs: ['logits'] });

    const dims: Vec3 = [40, 36, 30];
    const image = Float32Array.from({ length: dims[0] * dims[1] * dims[2] }, (_, i) => 0.1 + 0.3 * Math.sin(i * 0.37) * Math.cos(i * 0.011));
    await writeFile(join(dir, 'demo-in.f32'), image);
    execFileSync('/usr/bin/python3', ['test/fixtures/make_models.py', 'check', modelPath, join(dir, 'demo-in.f32'), '30', '36', '40', '0.1', join(dir, 'demo-out.u8')]);
    const expected = new Uint8Array(await readFile(join(dir, 'demo-out.u8')));
    await writeFile(join(dir, 'demo.json'), JSON.stringify({ ...demoManifest(model), file: 'demo.onnx', spacing: undefined, normalisation: { kind: 'none' } }));
    const run = await runner.run(await readManifest(join(dir, 'demo.json')), image, { dims, spacing: [1, 1, 1], direction: identity });
    expect(dice(run.labels, expected)).toBeGreaterThanOrEqual(0.999);
  });
});

describe('prompt models', () => {
  const dims: Vec3 = [50, 40, 30];
  const image = new Float32Array(dims[0] * dims[1] * dims[2]);

  it('feed a box prompt, in the window\'s own indices, and mark exactly the box', async () => {
    const manifest = await readManifest(
      await writePackage(dir, join(generated, 'box_prompt.onnx'), 'box', { task: 'prompt-segmentation', prompts: { box: 'box' }, normalisation: { kind: 'none' }, patch: { size: [32, 32, 32], overlap: 0.5, batch: 1 } }),
    );
    const box = { min: [10, 12, 5] as Vec3, max: [20, 25, 14] as Vec3 };
    const run = await runner.run(manifest, image, { dims, spacing: [1, 1, 1], direction: identity }, { prompts: { box } });
    expect(run.provenance.patches).toBe(1);
    let wrong = 0;
    for (let z = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++) {
      const inside = [x, y, z].every((v, axis) => v >= box.min[axis]! && v <= box.max[axis]!);
      if (run.labels[(z * dims[1] + y) * dims[0] + x] !== Number(inside)) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('ask for a prompt when none is given', async () => {
    const manifest = await readManifest(join(dir, 'box.json'));
    await expect(runner.run(manifest, image, { dims, spacing: [1, 1, 1], direction: identity })).rejects.toMatchObject({ kind: 'MissingPrompt' });
  });
});
