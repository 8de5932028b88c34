// A recipe over 6 scans as one Slurm job array (real Slurm 22.05 through a real sshd), each labelmap published to
// the real RADOS Gateway as a derived dataset with its catalogue entry: bytes equal to the file the task wrote
// (sha256sum), the input's SHA-256 as sha256sum gives it, the recipe's steps, and the Slurm array job and task
// ids. One task is scancelled: it leaves no object and no catalogue entry.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDataCentre, sha256sum, type DataCentre } from '../dc/dataCentre';
import { startSlurm, stopSlurm, type SlurmCluster } from '../dc/slurm';
import { cancelBatch, submitBatch, waitForBatch } from '../../electron/services/batch/batchJobs';
import type { Cluster } from '../../electron/services/batch/cluster';
import { updateJob } from '../../electron/services/batch/journal';
import { datasetIdOf, type Publisher } from '../../electron/services/batch/publishTask';
import { sshCluster } from '../../electron/services/batch/sshCluster';
import { readRecipe } from '../../electron/services/batch/recipeFile';
import { SyncQueue } from '../../electron/services/sync/queue';
import { batchFixture, saveSessionRecipe } from './batchFixtures';
import { root } from './segmentHarness';

let slurm: SlurmCluster;
let dc: DataCentre;
let cluster: Cluster;
let publisher: Publisher;
const work = mkdtempSync(join(tmpdir(), 'voxbench-batch-publish-'));
const recipe = join(work, 'session.recipe.json');
const inputs = Array.from({ length: 6 }, (_, i) => batchFixture(`scan_${i}.nii.gz`));

beforeAll(async () => {
  execFileSync(process.execPath, ['build/build.mjs'], { cwd: root, stdio: 'inherit' });
  [slurm, dc] = await Promise.all([startSlurm(), startDataCentre()]);
  Object.assign(process.env, dc.env);
  await dc.addTarget('dc');
  cluster = await sshCluster(slurm.login);
  publisher = { queue: new SyncQueue({ settingsDir: dc.settingsDir }), settingsDir: dc.settingsDir, software: { name: 'Voxbench', version: 'test' } };
  await saveSessionRecipe(recipe);
}, 240_000);
afterAll(async () => {
  await publisher?.queue.close();
  await cluster?.close();
  await Promise.all([slurm && stopSlurm(slurm), dc?.close()]);
});

test('every finished task of a 6-scan job array is a derived dataset in the bucket and the catalogue; the cancelled one is nowhere', { timeout: 300_000 }, async () => {
  const journal = join(work, 'journal');
  const request = { recipe, inputs, outDir: join(work, 'out'), remoteRoot: join(work, 'cluster'), bundleDir: join(root, 'dist', 'worker'), publish: { target: 'dc' } };
  const { job: submitted } = await submitBatch(cluster, journal, { ...request, resources: { cpus: 1, memMb: 900, minutes: 10, throttle: 6 }, where: { kind: 'slurm', login: slurm.login } });
  await cancelBatch(cluster, journal, submitted.id, 5);
  const job = await waitForBatch(cluster, journal, submitted.id, publisher);
  await publisher.queue.idle();
  expect(job.tasks.map((task) => task.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'failed']);

  const steps = (await readRecipe(recipe)).steps.length;
  const datasets = await dc.catalogue.datasets();
  const pushes = await publisher.queue.jobs();
  for (const task of job.tasks.slice(0, 5)) {
    const pid = datasetIdOf(job, task);
    expect(task.published).toBe(pid);
    expect(pushes.find((push) => push.id === pid)?.state).toBe('done');
    const key = `hospital-a/${pid}/${basename(task.output)}`;
    expect(await dc.serverSha256(key)).toBe(sha256sum(task.output));
    const compute = { scheduler: 'slurm', batch: job.id, jobId: job.submissions[0], arrayTaskId: task.index, node: task.node };
    const manifest = JSON.parse(await dc.serverText(`hospital-a/${pid}/voxbench-dataset.json`)) as Record<string, unknown>;
    expect(manifest).toMatchObject({ pid, compute, inputScans: [{ id: task.input, sha256: sha256sum(task.input) }] });
    expect((manifest.operations as unknown[]).length).toBe(steps);
    const dataset = datasets.find((entry) => entry.pid === pid);
    expect(dataset).toMatchObject({ type: 'derived', inputDatasets: [task.input], scientificMetadata: { compute, inputScans: [{ id: task.input, sha256: sha256sum(task.input) }] } });
  }
  const cancelled = datasetIdOf(job, job.tasks[5]!);
  expect(datasets.filter((entry) => entry.pid === cancelled)).toEqual([]);
  expect(await dc.exists(`hospital-a/${cancelled}/voxbench-dataset.json`)).toBe(false);
  expect(await dc.exists(`hospital-a/${cancelled}/${basename(job.tasks[5]!.output)}`)).toBe(false);
  expect(datasets).toHaveLength(5);

  // Publishing again (a process killed before it recorded the handover) finds every push and makes no second dataset.
  await updateJob(journal, job.id, async (recorded) => recorded.tasks.forEach((task) => delete task.published));
  expect((await waitForBatch(cluster, journal, job.id, publisher)).tasks.map((task) => task.published)).toEqual(job.tasks.map((task) => task.published));
  await publisher.queue.idle();
  expect(await dc.catalogue.datasets()).toHaveLength(5);
});
