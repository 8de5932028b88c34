// Opens an ONNX Runtime session on the best execution provider this machine has. onnxruntime-node throws
// for a provider it cannot load rather than falling back, so each is tried alone, in order, down to the CPU.
import { basename } from 'node:path';
import { env, InferenceSession } from 'onnxruntime-node';
import { VoxbenchError } from '../../common/errors.js';
import type { Provider } from '../../common/inferenceCalls.js';

// A provider that fails to load also logs to stderr; its error comes back to us as an exception, reported.
env.logLevel = 'fatal';


/** CUDA, then the platform's own GPU provider (DirectML on Windows, CoreML on macOS), then the CPU. */
export function defaultProviders(platform: NodeJS.Platform = process.platform): Provider[] {
  return ['cuda', ...(platform === 'win32' ? (['dml'] as const) : platform === 'darwin' ? (['coreml'] as const) : []), 'cpu'];
}

export interface ProviderChoice {
  provider: Provider;
  /** The providers tried before it, and why each did not run. */
  skipped: { provider: Provider; reason: string }[];
}

export interface OpenedSession extends ProviderChoice {
  session: InferenceSession;
}

export async function openSession(modelPath: string, wanted: Provider[] = defaultProviders(), threads?: number): Promise<OpenedSession> {
  const options = (provider: Provider): InferenceSession.SessionOptions => ({
    executionProviders: [provider],
    ...(threads && { intraOpNumThreads: threads }),
    graphOptimizationLevel: 'all',
    // Between runs the worker blends the last batch; idle ORT threads spinning for work would take its cores.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  const skipped: ProviderChoice['skipped'] = [];
  for (const provider of wanted.filter((name) => name !== 'cpu')) {
    try {
      return { session: await InferenceSession.create(modelPath, options(provider)), provider, skipped };
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

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
