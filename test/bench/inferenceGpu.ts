// WebGPU against the CPU provider on the same patches, for `npm run bench`: our whole sliding window on each,
// and WebGPU's bare session.run total (the overhead of patches and blending). Where the machine has a hardware
// Vulkan driver (or D3D12/Metal) the rows are its GPU's; otherwise Chromium's SwiftShader, a software adapter
// slower than the CPU, and the row says so. As a child (the environment must be set at process start):
// tsx test/bench/inferenceGpu.ts → {"webgpu", "webgpuSession", "cpu", "device", "patches"}
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Vec3 } from '../../electron/common/contract';
import { benchModel } from '../../build/models/demoModels';
import { InferenceRunner } from '../../electron/services/inference/runner';
import { webgpuAdapter } from '../../electron/services/inference/webgpuAdapter';
import { swiftshaderEnv } from '../integration/inferenceModels';
import { manifest } from './inference';
import type { BenchRow } from './row';

const n = 64;
const patch: Vec3 = [32, 32, 32];

export function inferenceGpuBench(): BenchRow[] {
  const hardware = !webgpuAdapter().unfit;
  const env = hardware ? process.env : { ...process.env, ...swiftshaderEnv(mkdtempSync(join(tmpdir(), 'voxbench-bench-webgpu-'))) };
  const said = execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/inferenceGpu.ts'], { encoding: 'utf8', env });
  const { webgpu, webgpuSession, cpu, device, patches } = JSON.parse(said.trim().split('\n').at(-1)!) as { webgpu: number; webgpuSession: number; cpu: number; device: string; patches: number };
  const what = `segment ${n}³, ${patches} patches of ${patch[0]}³ (bench model)`;
  return [
    { name: `${what}, WebGPU on ${device}${hardware ? '' : ': software, slower than the CPU'}`, ours_s: webgpu, reference: 'CPU provider, same patches', reference_s: cpu, ratio: cpu / webgpu, ours_peak_mb: 0 },
    { name: `${what}, WebGPU: whole run vs bare session.run`, ours_s: webgpu, reference: 'sum of bare session.run (WebGPU)', reference_s: webgpuSession, ratio: webgpuSession / webgpu, ours_peak_mb: 0 },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = mkdtempSync(join(tmpdir(), 'voxbench-bench-webgpu-'));
  const model = benchModel(8);
  writeFileSync(join(dir, 'bench.onnx'), model);
  const pkg = { manifest: { ...manifest(model), patch: { size: patch, overlap: 0.5, batch: 2 } }, manifestPath: join(dir, 'bench.json'), modelPath: join(dir, 'bench.onnx') };
  const volume = Float32Array.from({ length: n ** 3 }, (_, i) => Math.sin(i * 0.001) + ((i * 7919) % 101) / 101);
  const grid = { dims: [n, n, n] as Vec3, spacing: [1, 1, 1] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const runner = new InferenceRunner();
  const time = async (provider: 'webgpu' | 'cpu') => {
    await runner.run(pkg, volume, grid, { providers: [provider] }); // the first run opens the session and compiles shaders
    const began = performance.now();
    const run = await runner.run(pkg, volume, grid, { providers: [provider] });
    return { seconds: (performance.now() - began) / 1000, run };
  };
  const gpu = await time('webgpu');
  const cpu = await time('cpu');
  await runner.close();
  const { provider, device, sessionSeconds, patches } = gpu.run.provenance;
  if (provider !== 'webgpu') throw new Error(`WebGPU did not run: ${JSON.stringify(gpu.run.provenance.skippedProviders)}`);
  console.log(JSON.stringify({ webgpu: gpu.seconds, webgpuSession: sessionSeconds, cpu: cpu.seconds, device, patches }));
}
