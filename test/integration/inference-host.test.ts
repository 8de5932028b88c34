// The inference calls as the renderer makes them, through the host's one dispatch: the library, a run on an
// open volume with progress events, a cancel, and the errors a user sees.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress, Reply, VolumeInfo } from '../../electron/common/contract';
import type { InferenceResult } from '../../electron/common/inferenceCalls';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';
import { generated, writePackage } from './inferenceModels';

const root = fileURLToPath(new URL('../..', import.meta.url));
let host: Host;
let volume: VolumeInfo;
const progress: Progress[] = [];

const call = async <T>(method: string, params: unknown): Promise<T> => {
  const reply = (await host.dispatch(method, params)) as Reply<T>;
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result;
};

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voxbench-inference-host-'));
  const services = createServices({ root, transport: 'browser', dialogs: noDialogs, modelsDir: join(dir, 'models') });
  host = createHost({ ...services, models: { ...services.models, bundled: join(dir, 'none') } });
  host.onEvent((event, data) => event === 'progress' && progress.push(data as Progress));
  await call('inference.addModel', { manifestPath: await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'mean', { patch: { size: [24, 24, 24], overlap: 0.5, batch: 1 } }) });
  volume = await call<VolumeInfo>('volume.open', { path: join(generated, 'aniso.nii.gz') });
});

afterAll(() => host?.close());

describe('inference through the contract', () => {
  it('lists the model added to the library', async () => {
    expect(await call<{ name: string; bundled: boolean }[]>('inference.models', {})).toMatchObject([{ name: 'mean', bundled: false }]);
  });

  it('runs it on an open volume, with progress per patch on the job\'s own stream, and adds its segment to the volume', async () => {
    const result = await call<InferenceResult>('inference.run', { volumeId: volume.id, model: 'mean', job: 'first', providers: ['cuda', 'cpu'] });
    expect(result).toMatchObject({ job: 'first', model: 'mean', provider: 'cpu', skippedProviders: [{ provider: 'cuda' }] });
    const voxels = volume.dims[0] * volume.dims[1] * volume.dims[2];
    expect(result.labels[0]!.voxels).toBeGreaterThan(voxels * 0.2);
    expect(result.labels[0]!.voxels).toBeLessThan(voxels * 0.8);
    const mine = progress.filter(({ job, message }) => job === 'first' && message.includes('patch'));
    expect(mine.at(-1)).toMatchObject({ done: result.patches, total: result.patches });
    expect(result.segmentation.segments).toMatchObject([{ name: 'above', color: [255, 0, 0], visible: true }]);

    // One import in the volume's log, carrying the model's hash, the provider and the parameters.
    const log = await call<{ action: string; params: Record<string, unknown> }[]>('segment.log', { volumeId: volume.id });
    expect(log.at(-1)).toMatchObject({ action: 'import', params: { provenance: { source: 'inference', model: 'mean', provider: 'cpu', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } } });
    const stats = await call<{ value: number; voxels: number }[]>('segment.statistics', { volumeId: volume.id });
    expect(stats[0]!.voxels).toBe(result.labels[0]!.voxels);
  });

  it('cancels a run by its job name', async () => {
    progress.length = 0;
    host.onEvent((event, data) => event === 'progress' && (data as Progress).done === 1 && void host.dispatch('inference.cancel', { job: 'second' }));
    const reply = await host.dispatch('inference.run', { volumeId: volume.id, model: 'mean', job: 'second' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'InferenceCancelled' } });
  });

  it('names an unknown model and rejects a provider it does not know', async () => {
    expect(await host.dispatch('inference.run', { volumeId: volume.id, model: 'nope', job: 'third' })).toMatchObject({ ok: false, error: { kind: 'UnknownModel' } });
    expect(await host.dispatch('inference.run', { volumeId: volume.id, model: 'mean', job: 'third', providers: ['tpu'] })).toMatchObject({ ok: false, error: { kind: 'InvalidParams' } });
  });
});
