// ONNX Runtime's WebGPU provider on Chromium's SwiftShader Vulkan driver against the CPU provider, each run in a
// fresh process started with the driver's environment (see inferenceChild.ts): the same labels, a fallback to the
// CPU with the reason where WebGPU cannot run a model, and a default order that never picks the software adapter.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { readManifest } from '../../electron/services/inference/manifest';
import { InferenceRunner } from '../../electron/services/inference/runner';
import { webgpuAdapter } from '../../electron/services/inference/webgpuAdapter';
import type { ChildJob } from './inferenceChild';
import { dice, generated, readRaw, swiftshaderEnv, writePackage } from './inferenceModels';

let dir: string;
let env: Record<string, string>;
const aniso = join(generated, 'aniso.f32');
const dims: Vec3 = [60, 50, 20];
// 16 patches of 24³: SwiftShader renders on the CPU, a 2 × 32³ batch of a 3³ conv takes it about half a second.
const patch = { size: [24, 24, 24] as Vec3, overlap: 0.5, batch: 2 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-webgpu-'));
  env = swiftshaderEnv(dir);
});

let runs = 0;
async function runIn(job: Omit<ChildJob, 'out' | 'volume' | 'dims'> & Partial<ChildJob>) {
  const out = join(dir, `labels-${runs++}.u8`);
  const full: ChildJob = { volume: aniso, dims, out, ...job };
  const said = execFileSync(process.execPath, ['--import', 'tsx', 'test/integration/inferenceChild.ts', JSON.stringify(full)], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { provenance: JSON.parse(said), labels: new Uint8Array(await readFile(out)) };
}

describe('WebGPU on SwiftShader', () => {
  it('reads the driver from the environment: SwiftShader, a software adapter the default order skips', () => {
    const adapter = webgpuAdapter(env, 'linux');
    expect(adapter.drivers).toEqual([{ manifest: env.VK_ICD_FILENAMES, library: './libvk_swiftshader.so', software: true }]);
    expect(adapter.unfit).toMatch(/only software Vulkan drivers \(libvk_swiftshader\.so/);
    expect(webgpuAdapter({ VK_ICD_FILENAMES: join(dir, 'none.json') }, 'linux').unfit).toMatch(/no Vulkan driver/);
  });

  it('gives the CPU provider\'s labels on a sliding window, and the provenance names the provider and device', async () => {
    const manifest = await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'mean', { patch });
    const gpu = await runIn({ manifest, providers: ['webgpu'] });
    const cpu = await runIn({ manifest, providers: ['cpu'] });
    expect(gpu.provenance).toMatchObject({ provider: 'webgpu', device: 'Vulkan: libvk_swiftshader.so (software)', skippedProviders: [], patches: 16 });
    expect(cpu.provenance.provider).toBe('cpu');
    expect(gpu.labels).toEqual(cpu.labels);
    expect(gpu.labels.reduce((sum, v) => sum + v, 0)).toBeGreaterThan(5_000);
  }, 120_000);

  it('does not pick the software adapter by default, and says why', async () => {
    const manifest = join(dir, 'mean.json');
    const { provenance } = await runIn({ manifest });
    expect(provenance.provider).toBe('cpu');
    expect(provenance.skippedProviders).toEqual([
      { provider: 'cuda', reason: expect.stringMatching(/cuda/i) },
      { provider: 'webgpu', reason: expect.stringMatching(/^only software Vulkan drivers .*slower than the CPU provider/) },
    ]);
  }, 60_000);

  it('runs a prompt model to the same labels as the CPU: exactly the box', async () => {
    const manifest = await writePackage(dir, join(generated, 'box_prompt.onnx'), 'box', { task: 'prompt-segmentation', prompts: { box: 'box' }, normalisation: { kind: 'none' }, patch: { size: [32, 32, 32], overlap: 0.5, batch: 1 } });
    const prompts = { box: { min: [10, 12, 5] as Vec3, max: [20, 25, 14] as Vec3 } };
    const gpu = await runIn({ manifest, providers: ['webgpu'], prompts });
    const cpu = await runIn({ manifest, providers: ['cpu'], prompts });
    expect(gpu.provenance.provider).toBe('webgpu');
    expect(gpu.labels).toEqual(cpu.labels);
    expect(gpu.labels.reduce((sum, v) => sum + v, 0)).toBe(11 * 14 * 10);
  }, 120_000);

  it('hands a model with an operator WebGPU lacks (3D ConvTranspose) to the CPU with the reason, labels unchanged', async () => {
    const manifest = await writePackage(dir, join(generated, 'mean_threshold_transpose.onnx'), 'transpose', { patch });
    const gpu = await runIn({ manifest, providers: ['webgpu'] });
    expect(gpu.provenance.provider).toBe('cpu');
    expect(gpu.provenance.skippedProviders).toEqual([{ provider: 'webgpu', reason: expect.stringMatching(/ConvTranspose.*Only Conv2d or Conv1d are supported.*\(at patch 1\)/) }]);
    expect(gpu.labels).toEqual((await runIn({ manifest: join(dir, 'mean.json'), providers: ['cpu'] })).labels);
  }, 120_000);

  it('runs a float16 model (the manifest says so) where the adapter has shader-f16, else on the CPU with the reason; labels as float32\'s', async () => {
    const manifest = await writePackage(dir, join(generated, 'mean_threshold_f16.onnx'), 'half', { patch, precision: 'float16' });
    const half = await runIn({ manifest, providers: ['webgpu'] });
    // SwiftShader has no shader-f16: ONNX Runtime says so at the first batch, and the CPU provider runs float16.
    expect(half.provenance.provider).toBe('cpu');
    expect(half.provenance.skippedProviders[0].reason).toMatch(/requires f16 but the device does not support it/);
    expect(half.provenance.parameters.precision).toBe('float16');
    const single = await runIn({ manifest: join(dir, 'mean.json'), providers: ['cpu'] });
    // float16 keeps 11 bits: only voxels whose mean lies within ~1e-3 of the threshold may change sides.
    expect(dice(half.labels, single.labels)).toBeGreaterThanOrEqual(0.995);
  }, 120_000);
});

describe('float16 manifests', () => {
  it('refuses a manifest whose precision is not the model\'s input type, naming both', async () => {
    const runner = new InferenceRunner();
    try {
      const manifest = await readManifest(await writePackage(dir, join(generated, 'mean_threshold_f16.onnx'), 'half-as-single', { patch }));
      await expect(runner.run(manifest, await readRaw('aniso.f32', Float32Array), { dims, spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, { providers: ['cpu'] })).rejects.toMatchObject({
        kind: 'InvalidManifest',
        message: expect.stringMatching(/precision is float32, but the model's input image is float16/),
      });
    } finally {
      await runner.close();
    }
  });
});

describe('voxbench gpu', () => {
  it('lists the providers and the Vulkan driver, tries each on one patch, and says which a run uses', async () => {
    await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'probe', { patch: { size: [16, 16, 16], overlap: 0.5, batch: 1 } });
    const xdg = { XDG_DATA_HOME: join(dir, 'xdg') };
    const cli = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'electron/shell/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env, ...xdg }, stdio: ['ignore', 'pipe', 'pipe'] });
    cli(['models', 'add', join(dir, 'probe.json')]);
    const said = cli(['gpu', '--model', 'probe']);
    expect(said).toMatch(/^bundled providers: .*webgpu/m);
    expect(said).toContain('/usr/lib/chromium/vk_swiftshader_icd.json: ./libvk_swiftshader.so (software)');
    expect(said).toMatch(/^webgpu: ran one 16×16×16 patch of probe in \d+ ms/m);
    expect(said).toMatch(/^cpu: ran one 16×16×16 patch of probe/m);
    expect(said).toMatch(/^a run uses: cpu$/m);
  }, 60_000);
});
