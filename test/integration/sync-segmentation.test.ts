// What the Sync panel's push gathers on the main side (electron/sync/segmentationPush.ts): the segmentation
// staged as .seg.nrrd beside the scan (named as the input scan, which the queue hashes), the operation log, and
// the model of an inference import with its hash and parameters, and, for a model run here, the provider it ran on
// and the providers skipped (as the batch path publishes them); a scan without segments goes alone. The scan's
// SHA-256 in the manifest is checked against sha256sum in test/e2e/sync.test.ts.
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { Reply, VolumeInfo } from '../../electron/common/contract';
import type { InferenceResult } from '../../electron/common/inferenceCalls';
import { sha256File } from '../../electron/services/fileHash';
import { createHost, noDialogs } from '../../electron/shell/host';
import { createServices, openVolume } from '../../electron/services/services';
import { segmentationPush } from '../../electron/services/sync/segmentationPush';
import { generated, writePackage } from './inferenceModels';
import { fixture, root } from './segmentHarness';

const settingsDir = mkdtempSync(join(tmpdir(), 'voxbench-sync-segmentation-'));
const services = createServices({ root, transport: 'browser', dialogs: noDialogs, modelsDir: join(settingsDir, 'models'), pyramids: { cacheDir: join(settingsDir, 'pyramids') }, sync: { settingsDir } });
const MODEL_SHA256 = 'ab'.repeat(32);

afterAll(async () => {
  await services.close();
  await rm(settingsDir, { recursive: true, force: true });
});

test('a scan with no segments is pushed alone, with its SHA-256 and no operations', async () => {
  const scan = await openVolume(services, () => undefined, fixture('phantom.nii.gz'));
  const request = await segmentationPush(services, { target: 'dc', volumeId: scan.id, description: 'raw' });
  expect(request.files).toEqual([scan.path]);
  expect(request.inputScanFiles).toEqual([scan.path]);
  expect(request.provenance).toEqual({ inputScans: [], software: { name: 'Voxbench', version: services.version }, models: [], operations: [] });
});

test('an inference import: the .seg.nrrd is staged, the model with its hash and parameters is in the provenance', async () => {
  const scan = await openVolume(services, () => undefined, fixture('phantom.nii.gz'));
  const labels = new Uint8Array(scan.dims[0] * scan.dims[1] * scan.dims[2]).fill(1, 0, 1000);
  const parameters = { patch: [32, 32, 32], threads: 1 };
  await services.segments.importLabels(scan.id, labels, [{ value: 1, name: 'organ', color: [200, 40, 40] }], { source: 'inference', model: 'toy-organ', version: '1.2', sha256: MODEL_SHA256, parameters });
  const request = await segmentationPush(services, { target: 'dc', volumeId: scan.id, description: 'organ' });
  const [staged, input] = request.files;
  expect(basename(staged!)).toBe('phantom.seg.nrrd');
  expect(staged!.startsWith(join(settingsDir, 'staging'))).toBe(true);
  expect(input).toBe(scan.path);
  expect(request.provenance.models).toEqual([{ name: 'toy-organ 1.2', sha256: MODEL_SHA256, parameters }]);
  expect(request.provenance.operations).toEqual([expect.objectContaining({ action: 'import', params: expect.objectContaining({ provenance: expect.objectContaining({ sha256: MODEL_SHA256 }) }) })]);
});

test('a model run here: the provider it ran on and the providers skipped are in the pushed provenance', async () => {
  const host = createHost(services);
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const reply = (await host.dispatch(method, params)) as Reply<T>;
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.result;
  };
  const model = join(generated, 'mean_threshold.onnx');
  await call('inference.addModel', { manifestPath: await writePackage(settingsDir, model, 'mean', { patch: { size: [24, 24, 24], overlap: 0.5, batch: 1 } }) });
  const scan = await call<VolumeInfo>('volume.open', { path: fixture('phantom.nii.gz') });
  // Only the CPU asked for: it runs on any machine, and no provider was tried before it.
  const run = await call<InferenceResult>('inference.run', { volumeId: scan.id, model: 'mean', job: 'push', providers: ['cpu'] });
  expect(run).toMatchObject({ provider: 'cpu', skippedProviders: [] });
  const request = await segmentationPush(services, { target: 'dc', volumeId: scan.id, description: 'mean' });
  expect(request.provenance.models).toEqual([{ name: 'mean 1', sha256: await sha256File(model), parameters: expect.any(Object), provider: 'cpu', skippedProviders: [] }]);
});
