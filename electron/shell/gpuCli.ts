// voxbench gpu: which execution providers this build bundles, what WebGPU would run on (the Vulkan drivers on
// Linux), and each provider tried on one patch of a model, so a user sees what a run would use and why.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { VoxbenchError } from '../common/errors.js';
import { defaultModelsDir, findModel } from '../services/inference/library.js';
import { webgpuAdapter } from '../services/inference/webgpuAdapter.js';
import { appRoot } from './appRoot.js';

export async function gpu(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { model: { type: 'string', default: 'demo-tissue' } } });
  // Loaded here, not at start-up: every other command (a batch task's recipe run too) runs where onnxruntime-node is absent.
  const { listSupportedBackends, Tensor } = await import('onnxruntime-node');
  const { defaultProviders, openSession } = await import('../services/inference/providers.js');
  console.log(`bundled providers: ${listSupportedBackends().map(({ name }) => name).join(', ')}`);
  const adapter = webgpuAdapter();
  console.log(`webgpu: ${adapter.backend}, ${adapter.device}`);
  adapter.drivers?.forEach(({ manifest, library, software }) => console.log(`  ${manifest}: ${library}${software ? ' (software)' : ''}`));
  if (adapter.unfit) console.log(`  not used by default: ${adapter.unfit}`);

  const { manifest, modelPath } = await findModel({ bundled: join(appRoot, 'assets', 'models'), user: defaultModelsDir() }, values.model);
  if (manifest.precision === 'float16') throw new VoxbenchError('Usage', `${manifest.name} is a float16 model: pick a float32 one with --model.`);
  const [x, y, z] = manifest.patch.size;
  const image = new Tensor('float32', new Float32Array(x * y * z), manifest.input.layout === 'NCDHW' ? [1, 1, z, y, x] : [1, 1, x, y, z]);
  for (const provider of defaultProviders()) {
    const { session, provider: opened, skipped } = await openSession(modelPath, [provider]);
    if (opened !== provider) {
      console.log(`${provider}: cannot start (${skipped[0]!.reason})`);
    } else {
      try {
        const began = performance.now();
        await session.run({ [manifest.input.name]: image });
        console.log(`${provider}: ran one ${x}×${y}×${z} patch of ${manifest.name} in ${Math.round(performance.now() - began)} ms (first run${provider === 'webgpu' ? ', shaders compiled' : ''})`);
      } catch (error) {
        console.log(`${provider}: starts but cannot run ${manifest.name} (${(error as Error).message.split('\n')[0]})`);
      }
    }
    await session.release();
  }
  const chosen = await openSession(modelPath);
  console.log(`a run uses: ${chosen.provider}${chosen.device ? ` (${chosen.device})` : ''}`);
  await chosen.session.release();
}
