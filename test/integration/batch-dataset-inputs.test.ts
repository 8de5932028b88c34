// A batch input written s3://TARGET/DATASET (as `voxbench open` names a dataset) runs on the dataset pulled from the
// real RADOS Gateway: the labelmap equals the same recipe's on the local file byte for byte, the pulled copy lies
// in the job's folder with the pushed scan's SHA-256 (sha256sum), and the published output's manifest and
// catalogue entry name the input dataset's pid, not a path. A dataset that is not there fails its own task alone, and
// is pulled again when that task is resubmitted.
// Through SSH to a real Slurm, the pulled copy goes to the cluster once per content and the result is the same.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDataCentre, sha256sum, type DataCentre } from '../dc/dataCentre';
import { startSlurm, stopSlurm, type SlurmCluster } from '../dc/slurm';
import { sampleProvenance } from '../dc/sampleFiles';
import { resubmitFailed, submitBatch, waitForBatch, type BatchRequest } from '../../electron/services/batch/batchJobs';
import { directCluster, type Cluster } from '../../electron/services/batch/cluster';
import { datasetIdOf, type Publisher } from '../../electron/services/batch/publishTask';
import { sshCluster } from '../../electron/services/batch/sshCluster';
import { SyncQueue } from '../../electron/services/sync/queue';
import { batchFixture, saveSessionRecipe } from './batchFixtures';
import { root } from './segmentHarness';

let dc: DataCentre;
let slurm: SlurmCluster;
let publisher: Publisher;
const work = mkdtempSync(join(tmpdir(), 'voxbench-batch-datasets-'));
const recipe = join(work, 'session.recipe.json');
const journal = join(work, 'journal');
const scan = batchFixture('scan_1.nii.gz');

beforeAll(async () => {
  execFileSync(process.execPath, ['build/build.mjs'], { cwd: root, stdio: 'inherit' });
  [slurm, dc] = await Promise.all([startSlurm(), startDataCentre()]);
  Object.assign(process.env, dc.env);
  await dc.addTarget('dc');
  publisher = { queue: new SyncQueue({ settingsDir: dc.settingsDir }), settingsDir: dc.settingsDir, software: { name: 'Voxbench', version: 'test' } };
  await saveSessionRecipe(recipe);
}, 240_000);
afterAll(async () => {
  await publisher?.queue.close();
  await Promise.all([slurm && stopSlurm(slurm), dc?.close()]);
});

/** The recipe over `inputs`, run here two at a time (or on `slurm`), each labelmap into `out`. */
async function runBatch(inputs: string[], out: string, publish?: BatchRequest['publish'], slurm?: SlurmCluster) {
  const cluster: Cluster = slurm ? await sshCluster(slurm.login) : directCluster;
  const where: BatchRequest['where'] = slurm ? { kind: 'slurm', login: slurm.login } : { kind: 'local', parallel: 2 };
  const request: BatchRequest = { recipe, inputs, outDir: join(work, out), remoteRoot: join(work, 'cluster'), bundleDir: join(root, 'dist', 'worker'), resources: { cpus: 1, memMb: 900, minutes: 10, throttle: 2 }, where, sync: { settingsDir: dc.settingsDir }, ...(publish && { publish }) };
  try {
    const { job, ran } = await submitBatch(cluster, journal, request);
    await ran;
    return await waitForBatch(cluster, journal, job.id, publish && publisher);
  } finally {
    if (slurm) await cluster.close();
  }
}

test('a recipe over s3://dc/DATASET equals the recipe on the local file; its output names the dataset pid; a missing dataset fails its task', { timeout: 300_000 }, async () => {
  await publisher.queue.push({ id: 'ct-scan-1', target: 'dc', files: [scan], provenance: sampleProvenance, description: 'scan 1' });
  await publisher.queue.idle();

  const [fromFile] = (await runBatch([scan], 'from-file')).tasks;
  const job = await runBatch(['s3://dc/ct-scan-1', 's3://dc/no-such-dataset'], 'from-dc', { target: 'dc' });
  await publisher.queue.idle();
  expect(fromFile!.state).toBe('done');
  const [pulled, missing] = job.tasks;
  expect(job.tasks.map((task) => task.state)).toEqual(['done', 'failed']);
  expect(missing!.reason).toBe('could not pull s3://dc/no-such-dataset: dc has no complete dataset no-such-dataset.');
  expect(missing!.attempts).toBe(0);

  expect(pulled!.dataset).toEqual({ location: 's3://dc/ct-scan-1', pid: 'ct-scan-1' });
  expect(pulled!.input).toBe(join(job.jobDir, 'datasets', '0', 'ct-scan-1', basename(scan)));
  expect(sha256sum(pulled!.input)).toBe(sha256sum(scan));
  // Named by the dataset's key, not the file it holds (two datasets holding scan.nii.gz never share an output).
  expect(job.tasks.map((task) => basename(task.output))).toEqual(['ct-scan-1.labels.nii.gz', 'no-such-dataset.labels.nii.gz']);
  // Past the NIfTI-1 header, whose description names the output file.
  const labels = gunzipSync(readFileSync(pulled!.output)).subarray(352);
  expect(labels.some((value) => value !== 0)).toBe(true); // something was labelled
  expect(labels.equals(gunzipSync(readFileSync(fromFile!.output)).subarray(352))).toBe(true);

  const pid = datasetIdOf(job, pulled!);
  const inputScans = [{ id: 'ct-scan-1', sha256: sha256sum(scan) }];
  const manifest = JSON.parse(await dc.serverText(`hospital-a/${pid}/voxbench-dataset.json`)) as Record<string, unknown>;
  expect(manifest).toMatchObject({ pid, inputScans });
  const datasets = await dc.catalogue.datasets();
  expect(datasets.find((entry) => entry.pid === pid)).toMatchObject({ type: 'derived', inputDatasets: ['ct-scan-1'], scientificMetadata: { inputScans } });
  expect(datasets.map((entry) => entry.pid).sort()).toEqual(['ct-scan-1', pid].sort());

  // The missing dataset arrives; resubmitting the failed task pulls it now and runs it alone.
  await publisher.queue.push({ id: 'no-such-dataset', target: 'dc', files: [scan], provenance: sampleProvenance, description: 'late' });
  await publisher.queue.idle();
  await (await resubmitFailed(directCluster, journal, job.id, 2, { settingsDir: dc.settingsDir })).ran;
  const again = await waitForBatch(directCluster, journal, job.id);
  expect(again.tasks.map((task) => [task.state, task.attempts])).toEqual([['done', 1], ['done', 1]]);
  expect(again.tasks[1]!.dataset).toEqual({ location: 's3://dc/no-such-dataset', pid: 'no-such-dataset' });
  expect(again.tasks[1]!.input).toBe(join(job.jobDir, 'datasets', '1', 'no-such-dataset', basename(scan)));
  // Past the NIfTI-1 header, whose description names the output file.
  expect(gunzipSync(readFileSync(again.tasks[1]!.output)).subarray(352).equals(gunzipSync(readFileSync(fromFile!.output)).subarray(352))).toBe(true);
});

test('through SSH to Slurm, a dataset input is uploaded to the cluster once per content and gives the same labelmap', { timeout: 300_000 }, async () => {
  const [fromFile] = (await runBatch([scan], 'from-file-2')).tasks;
  const job = await runBatch(['s3://dc/ct-scan-1'], 'from-dc-slurm', { target: 'dc' }, slurm);
  await publisher.queue.idle();
  const [pulled] = job.tasks;
  expect(pulled!.state).toBe('done');
  expect(pulled!.input).toMatch(new RegExp(`^${join(work, 'cluster', 'inputs')}/[0-9a-f]{64}/${basename(scan)}$`));
  expect(sha256sum(pulled!.input)).toBe(sha256sum(scan));
  expect(gunzipSync(readFileSync(pulled!.output)).subarray(352).equals(gunzipSync(readFileSync(fromFile!.output)).subarray(352))).toBe(true);
  const entry = (await dc.catalogue.datasets()).find((dataset) => dataset.pid === datasetIdOf(job, pulled!));
  expect(entry).toMatchObject({ inputDatasets: ['ct-scan-1'], scientificMetadata: { compute: { scheduler: 'slurm', jobId: job.submissions[0] } } });
});
