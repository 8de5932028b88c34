// Opens an ONNX Runtime session on the best execution provider this machine has. onnxruntime-node throws
// for a provider it cannot load rather than falling back, so each is tried alone, in order, down to the CPU.
import { basename } from 'node:path';
import { env, InferenceSession } from 'onnxruntime-node';
import { VoxbenchError } from '../../common/errors.js';
import type { Provider } from '../../common/inferenceCalls.js';
import { webgpuAdapter } from './webgpuAdapter.js';

// A provider that fails to load also logs to stderr; its error comes back to us as an exception, reported.
env.logLevel = 'fatal';

/** CUDA, then the platform's own GPU provider (DirectML on Windows, CoreML on macOS), then WebGPU (Dawn), then the CPU. */
export function defaultProviders(platform: NodeJS.Platform = process.platform): Provider[] {
  return ['cuda', ...(platform === 'win32' ? (['dml'] as const) : platform === 'darwin' ? (['coreml'] as const) : []), 'webgpu', 'cpu'];
}

export interface ProviderChoice {
  provider: Provider;
  /** The device it runs on, where it can be known (WebGPU: the Vulkan driver, or D3D12/Metal). */
  device?: string;
  /** The providers tried before it, and why each did not run. */
  skipped: { provider: Provider; reason: string }[];
}

export interface OpenedSession extends ProviderChoice {
  session: InferenceSession;
}

/**
 * `wanted` absent: the default order, which skips a software WebGPU adapter; named: exactly those, then the CPU.
 * `refused` names providers this run must not use and why (e.g. a patch too big for a GPU buffer).
 */
export async function openSession(modelPath: string, wanted?: Provider[], threads?: number, refused: Partial<Record<Provider, string>> = {}): Promise<OpenedSession> {
  const options = (provider: Provider): InferenceSession.SessionOptions => ({
    executionProviders: [provider],
    ...(threads && { intraOpNumThreads: threads }),
    graphOptimizationLevel: 'all',
    // Between runs the worker blends the last batch; idle ORT threads spinning for work would take its cores.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  const adapter = webgpuAdapter();
  const unfit: Partial<Record<Provider, string>> = { ...(!wanted && adapter.unfit && { webgpu: adapter.unfit }), ...refused };
  const skipped: ProviderChoice['skipped'] = [];
  for (const provider of (wanted ?? defaultProviders()).filter((name) => name !== 'cpu')) {
    const reason = unfit[provider];
    if (reason) {
      skipped.push({ provider, reason });
      continue;
    }
    try {
      return { session: await InferenceSession.create(modelPath, options(provider)), provider, skipped, ...(provider === 'webgpu' && { device: adapter.device }) };
    } catch (error) {
      skipped.push({ provider, reason: firstLine(error) });
    }
  }
  try {
    return { session: await InferenceSession.create(modelPath, options('cpu')), provider: 'cpu', skipped };
  } catch (error) {
    throw new VoxbenchError('ModelCorrupt', `${modelPath}: ONNX Runtime cannot load ${basename(modelPath)} (${firstLine(error)}).`);
  }
}

export const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
