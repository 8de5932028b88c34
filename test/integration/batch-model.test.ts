// A recipe with a model step (make_models.py's mean_threshold ONNX model, then a dilation) over 6 scans as ONE Slurm
// job array through a real sshd: the model and its manifest reach the nodes with the job (the .onnx once, under its
// SHA-256), ONNX Runtime with the worker bundle. Every labelmap equals `voxbench recipe run` of the same recipe here,
// bit for bit; every one is in the real RADOS Gateway with its catalogue entry, naming the model, its hash and the
// provider it ran on (and the providers skipped, with why), and the array job and task ids; `voxbench batch status`
// says the provider too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDataCentre, sha256sum, type DataCentre } from '../dc/dataCentre';
import { startSlurm, stopSlurm, type SlurmCluster } from '../dc/slurm';
import { submitBatch, waitForBatch } from '../../electron/services/batch/batchJobs';
import type { Cluster } from '../../electron/services/batch/cluster';
import { datasetIdOf, type Publisher } from '../../electron/services/batch/publishTask';
import { sshCluster } from '../../electron/services/batch/sshCluster';
import { createServices } from '../../electron/services/services';
import { SyncQueue } from '../../electron/services/sync/queue';
import { createHost, noDialogs } from '../../electron/shell/host';
import { batchFixture } from './batchFixtures';
import { generated, writePackage } from './inferenceModels';
import { call, root } from './segmentHarness';

let slurm: SlurmCluster;
let dc: DataCentre;
let cluster: Cluster;
let publisher: Publisher;
const work = mkdtempSync(join(tmpdir(), 'voxbench-batch-model-'));
const library = { bundled: join(work, 'no-bundled-models'), user: join(work, 'models') };
const recipe = join(work, 'model.recipe.json');
const inputs = Array.from({ length: 6 }, (_, i) => batchFixture(`scan_${i}.nii.gz`));
const cli = join(root, 'dist', 'electron', 'cli.js');
let sha256 = '';

/** Records the recipe in a session: the model on scan_0, then a 1.2 mm dilation of its segment. */
async function recordModelRecipe(): Promise<void> {
  const host = createHost({ ...createServices({ root, transport: 'browser', dialogs: noDialogs, modelsDir: library.user }), models: library });
  try {
    const id = (await call(host, 'volume.open', { path: inputs[0]! })).id;
    await call(host, 'inference.run', { volumeId: id, model: 'mean_threshold', job: 'record' });
    await call(host, 'segment.apply', { volumeId: id, operation: { tool: 'morphology', segment: 1, operation: 'dilate', mm: 1.2 } });
    await call(host, 'batch.saveRecipe', { volumeId: id, path: recipe });
  } finally {
    await host.close();
  }
}

beforeAll(async () => {
  execFileSync(process.execPath, ['build/build.mjs'], { cwd: root, stdio: 'inherit' });
  mkdirSync(library.user);
  await writePackage(library.user, join(generated, 'mean_threshold.onnx'), 'mean_threshold', { patch: { size: [32, 32, 32], overlap: 0.5, batch: 2 } });
  sha256 = sha256sum(join(library.user, 'mean_threshold.onnx'));
  [slurm, dc] = await Promise.all([startSlurm(), startDataCentre()]);
  Object.assign(process.env, dc.env);
  await dc.addTarget('dc');
  cluster = await sshCluster(slurm.login);
  publisher = { queue: new SyncQueue({ settingsDir: dc.settingsDir }), settingsDir: dc.settingsDir, software: { name: 'Voxbench', version: 'test' } };
  await recordModelRecipe();
}, 300_000);
afterAll(async () => {
  await publisher?.queue.close();
  await cluster?.close();
  await Promise.all([slurm && stopSlurm(slurm), dc?.close()]);
});

test('a model recipe over 6 scans runs as one job array, equal to a run here bit for bit, each output published with model, hash, provider and task ids', { timeout: 400_000 }, async () => {
  const steps = (JSON.parse(readFileSync(recipe, 'utf8')) as { steps: { kind: string }[] }).steps;
  expect(steps.map((step) => step.kind)).toEqual(['model', 'tool']);
  const journal = join(work, 'journal');
  const remoteRoot = join(work, 'cluster');
  const request = { recipe, inputs, outDir: join(work, 'out'), remoteRoot, bundleDir: join(root, 'dist', 'worker'), publish: { target: 'dc' }, models: library };
  const { job: submitted } = await submitBatch(cluster, journal, { ...request, resources: { cpus: 1, memMb: 900, minutes: 10, throttle: 6 }, where: { kind: 'slurm', login: slurm.login } });
  const job = await waitForBatch(cluster, journal, submitted.id, publisher);
  await publisher.queue.idle();
  expect(job.tasks.map((task) => [task.state, task.reason])).toEqual(inputs.map(() => ['done', undefined]));
  expect(job.submissions).toHaveLength(1);
  expect(job.tasks.map((task) => task.slurmTask)).toEqual(inputs.map((_, i) => `${job.submissions[0]}_${i}`));
  // The model went once into the cluster's store, under its hash; the job's models/ links it.
  expect(sha256sum(join(remoteRoot, 'models', `${sha256}.onnx`))).toBe(sha256);
  expect(sha256sum(join(job.jobDir, 'models', 'mean_threshold.onnx'))).toBe(sha256);

  const datasets = await dc.catalogue.datasets();
  expect(datasets).toHaveLength(inputs.length);
  mkdirSync(join(work, 'here'));
  for (const task of job.tasks) {
    // No GPU and no CUDA libraries on this machine's node: the CPU ran it, CUDA and WebGPU were tried first and said why not.
    const ran = { provider: 'cpu', skippedProviders: [{ provider: 'cuda', reason: expect.stringMatching(/\S/) }, { provider: 'webgpu', reason: expect.stringMatching(/\S/) }] };
    expect(task.models).toEqual([{ name: 'mean_threshold', sha256, ...ran }]);

    const here = join(work, 'here', basename(task.output));
    execFileSync(process.execPath, [cli, 'recipe', 'run', recipe, task.input, '-o', here, '--models', library.user]);
    expect(gunzipSync(readFileSync(task.output)).equals(gunzipSync(readFileSync(here)))).toBe(true);

    const pid = datasetIdOf(job, task);
    expect(task.published).toBe(pid);
    expect(await dc.serverSha256(`hospital-a/${pid}/${basename(task.output)}`)).toBe(sha256sum(task.output));
    const compute = { scheduler: 'slurm', batch: job.id, jobId: job.submissions[0], arrayTaskId: task.index, node: task.node };
    const model = { name: 'mean_threshold 1', sha256, ...ran };
    const manifest = JSON.parse(await dc.serverText(`hospital-a/${pid}/voxbench-dataset.json`)) as Record<string, unknown>;
    expect(manifest).toMatchObject({ pid, compute, models: [model], inputScans: [{ id: task.input, sha256: sha256sum(task.input) }] });
    const dataset = datasets.find((entry) => entry.pid === pid);
    expect(dataset).toMatchObject({ type: 'derived', usedSoftware: expect.arrayContaining([`mean_threshold 1 sha256:${sha256}`]), scientificMetadata: { compute, models: [model] } });
  }

  // `voxbench batch status` says where each task's model ran.
  const status = execFileSync(process.execPath, [cli, 'batch', 'status', job.id, '--journal', journal], { encoding: 'utf8' }).trim().split('\n');
  expect(status).toHaveLength(inputs.length);
  for (const line of status) expect(line).toMatch(/ done on \S+ [\d.]+ s model mean_threshold on cpu \(skipped cuda: .+; webgpu: .+\) dataset voxbench-/);
});
