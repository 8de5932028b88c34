// Sync against a real RADOS Gateway and the SciCat-shaped catalogue: what a hospital network and its users
// do to an upload (drop the connection, mistype a key, edit a file, hit a flaky catalogue), and pulling back.
import { chmod, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { derivedDataset, origDatablock } from '../../electron/services/sync/catalogue';
import type { JobState, JobView, TargetInput } from '../../electron/common/syncModel';
import { listDatasets, pullDataset } from '../../electron/services/sync/pull';
import { SyncQueue } from '../../electron/services/sync/queue';
import { readCredentialsFile } from '../../electron/services/sync/secrets';
import { restartGatewayDaemon, stopGatewayDaemon } from '../dc/rgw';
import { sha256sum, startDataCentre, type DataCentre } from '../dc/dataCentre';
import { randomFile, sampleProvenance } from '../dc/sampleFiles';
import { createDerivedDataset, createOrigDatablock } from '../scicat/dto';

let dc: DataCentre;
let dir: string;
let queue: SyncQueue;

beforeAll(async () => {
  dc = await startDataCentre();
  Object.assign(process.env, dc.env);
  dir = dc.scratch;
  queue = new SyncQueue({ settingsDir: dc.settingsDir });
}, 120_000);

afterAll(async () => {
  await queue?.close();
  await dc?.close();
});

async function until(id: string, states: JobState[], timeoutMs = 60_000): Promise<JobView> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const job = (await queue.jobs()).find((candidate) => candidate.id === id)!;
    if (states.includes(job.state)) return job;
  }
  throw new Error(`job ${id} did not reach ${states.join(' or ')}`);
}

const push = (target: string, files: string[], description = 'test') => queue.push({ target, files, provenance: sampleProvenance, description });
const target = (name: string, extra: Partial<TargetInput> = {}) => dc.addTarget(name, { partSize: 5 << 20, ...extra });

describe('the catalogue', () => {
  test("the dataset and origdatablock payloads pass SciCat's DTO rules (CreateDerivedDatasetObsoleteDto, CreateOrigDatablockDto)", async () => {
    await target('shape');
    const [found] = await queue.targets.list();
    const spec = { id: 'pid-1', target: 'shape', datasetKey: 'pid-1', description: 'Liver\nsecond line', partSize: 5 << 20, queuedAt: new Date().toISOString(), provenance: sampleProvenance, files: [{ path: '/x/seg.nii', name: 'seg.nii', size: 10, mtimeMs: Date.now(), sha256: 'c'.repeat(64) }] };
    const dataset = createDerivedDataset.parse(derivedDataset(found!, spec));
    // Required by UpdateDatasetObsoleteDto / UpdateDerivedDatasetObsoleteDto: owner, ownerGroup, contactEmail,
    // sourceFolder, creationTime, investigator, inputDatasets, usedSoftware; datasetName by the create DTO.
    expect(dataset).toMatchObject({ type: 'derived', datasetName: 'Liver', owner: 'Ada Lovelace', ownerGroup: 'hospital-a', contactEmail: 'ada@hospital-a.example', investigator: 'Ada Lovelace', inputDatasets: ['hospital-a/ct/2026-0113'] });
    expect(dataset.scientificMetadata).toMatchObject({ operations: sampleProvenance.operations });
    const block = createOrigDatablock.parse(origDatablock(found!, spec));
    expect(block.dataFileList[0]).toMatchObject({ path: 'seg.nii', size: 10, chk: 'c'.repeat(64) });
    expect(block.chkAlg).toBe('sha256');
  });

  test('the test catalogue refuses what SciCat refuses: a missing contactEmail, an unknown field, no token', async () => {
    const post = (body: object, token = dc.catalogue.token) =>
      fetch(`${dc.catalogue.url}/api/v4/datasets`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const valid = { type: 'derived', datasetName: 'x', owner: 'o', ownerGroup: 'g', contactEmail: 'a@b.example', sourceFolder: '/b/x', creationTime: '2026-01-01T00:00:00Z', investigator: 'o', inputDatasets: [], usedSoftware: [] };
    const { contactEmail: _dropped, ...noEmail } = valid;
    expect((await post(noEmail)).status).toBe(400);
    expect((await post({ ...valid, voxbench: true })).status).toBe(400);
    expect((await post(valid, 'wrong')).status).toBe(401);
    expect(await dc.catalogue.datasets()).toEqual([]);
  });

  test('a catalogue that stores the dataset but answers 500, then 201: exactly one dataset', async () => {
    await target('flaky');
    dc.catalogue.failNext('datasets', 1, true);
    dc.catalogue.failNext('origdatablocks', 1);
    const file = await randomFile(join(dir, 'flaky.nii'), 1_000_000);
    const job = await until((await push('flaky', [file])).id, ['done', 'failed']);
    expect(job.error).toBeUndefined();
    expect((await dc.catalogue.datasets()).filter((dataset) => dataset.pid === job.id)).toHaveLength(1);
    expect((await dc.catalogue.origDatablocks()).filter((block) => block.datasetId === job.id)).toHaveLength(1);
    expect(dc.catalogue.requests.filter(({ method, path, status }) => method === 'POST' && path === '/api/v4/datasets' && status === 500)).toHaveLength(1);
  });
});

describe('the network and the user', () => {
  test('the gateway stops mid-upload and comes back: the job finishes by itself, the bytes are right', async () => {
    await target('dropping', { endpoint: dc.gateway.endpoint, parallelParts: 2 });
    const file = await randomFile(join(dir, 'dropping.nii'), 40 << 20);
    const job = await push('dropping', [file]);
    await until(job.id, ['uploading']);
    for (let i = 0; i < 200 && (await queue.jobs()).find(({ id }) => id === job.id)!.bytesDone < 10 << 20; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    stopGatewayDaemon(dc.gateway);
    expect((await queue.jobs()).find(({ id }) => id === job.id)!.bytesDone).toBeLessThan(40 << 20); // it was mid-upload
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await restartGatewayDaemon(dc.gateway);
    const done = await until(job.id, ['done', 'failed']);
    expect(done.state, done.error?.message).toBe('done');
    expect(await dc.serverSha256(`hospital-a/${job.id}/dropping.nii`)).toBe(sha256sum(file));
  }, 90_000);

  test('wrong credentials: a clear error, the job kept, and it completes once they are right', async () => {
    await target('mistyped', { auth: { from: 'env', prefix: 'VOXBENCH_TEST_MISTYPED' } });
    Object.assign(process.env, { VOXBENCH_TEST_MISTYPED_ACCESS_KEY_ID: dc.gateway.accessKeyId, VOXBENCH_TEST_MISTYPED_SECRET_ACCESS_KEY: 'not-the-secret', VOXBENCH_TEST_MISTYPED_CATALOGUE_TOKEN: dc.catalogue.token });
    const file = await randomFile(join(dir, 'mistyped.nii'), 1_000_000);
    const failed = await until((await push('mistyped', [file])).id, ['done', 'failed']);
    expect(failed.error).toMatchObject({ kind: 'AccessDenied', message: expect.stringContaining('refused the credentials') });
    const reopened = new SyncQueue({ settingsDir: dc.settingsDir });
    expect((await reopened.jobs()).find(({ id }) => id === failed.id)).toMatchObject({ state: 'failed', files: [{ name: 'mistyped.nii' }] });
    await reopened.close();
    process.env.VOXBENCH_TEST_MISTYPED_SECRET_ACCESS_KEY = dc.gateway.secretAccessKey;
    await queue.resume(failed.id);
    expect((await until(failed.id, ['done', 'failed'])).state).toBe('done');
  });

  test('a file changed on disk after it was queued is not uploaded: FileChanged, and no dataset appears', async () => {
    await target('edited');
    const file = await randomFile(join(dir, 'edited.nii'), 12 << 20);
    const job = await push('edited', [file]);
    await queue.pause(job.id);
    await writeFile(file, 'edited afterwards', { flag: 'a' });
    await queue.resume(job.id);
    const failed = await until(job.id, ['done', 'failed']);
    expect(failed.error).toMatchObject({ kind: 'FileChanged', message: expect.stringContaining(file) });
    expect(await dc.exists(`hospital-a/${job.id}/voxbench-dataset.json`)).toBe(false);
  });

  test('the speed limit holds: 24 MiB at 8 MiB/s take about two seconds after the first second\'s allowance', async () => {
    await target('slow', { bandwidth: 8 << 20, endpoint: dc.gateway.endpoint });
    const file = await randomFile(join(dir, 'slow.nii'), 24 << 20);
    const started = Date.now();
    const job = await until((await push('slow', [file])).id, ['done', 'failed']);
    expect(job.state).toBe('done');
    expect(Date.now() - started).toBeGreaterThan(1_800);
  });
});

describe('credentials files and pulling', () => {
  test('a credentials file others can read (0644) is refused; 0600 is used', async () => {
    const path = join(dir, 'dc-credentials.json');
    await writeFile(path, JSON.stringify({ accessKeyId: dc.gateway.accessKeyId, secretAccessKey: dc.gateway.secretAccessKey, catalogueToken: dc.catalogue.token }));
    await chmod(path, 0o644);
    await expect(readCredentialsFile(path)).rejects.toMatchObject({ kind: 'InsecureCredentials', message: expect.stringContaining('chmod 600') });
    await target('from-file', { auth: { from: 'file', path } });
    const refused = await until((await push('from-file', [await randomFile(join(dir, 'file-auth.nii'), 1000)])).id, ['done', 'failed']);
    expect(refused.error?.kind).toBe('InsecureCredentials');
    await chmod(path, 0o600);
    await queue.resume(refused.id);
    expect((await until(refused.id, ['done', 'failed'])).state).toBe('done');
  });

  test('pull lists the complete datasets, downloads one with its checksums verified, and refuses tampered bytes', async () => {
    await target('pulling');
    const files = [await randomFile(join(dir, 'pull-a.nii'), 6 << 20), await randomFile(join(dir, 'pull-b.json'), 500)];
    const job = await until((await push('pulling', files, 'to pull back')).id, ['done', 'failed']);
    const [found] = await queue.targets.list().then((all) => all.filter(({ name }) => name === 'pulling'));
    const credentials = { accessKeyId: dc.gateway.accessKeyId, secretAccessKey: dc.gateway.secretAccessKey };
    const datasets = await listDatasets(found!, credentials);
    expect(datasets.find(({ datasetKey }) => datasetKey === job.datasetKey)).toMatchObject({ description: 'to pull back', files: files.map((path) => ({ name: basename(path), sha256: sha256sum(path) })) });
    const into = join(dir, 'pulled');
    const paths = await pullDataset(found!, credentials, job.datasetKey, into);
    expect(paths.map(sha256sum)).toEqual(files.map(sha256sum));

    await dc.s3.send(new PutObjectCommand({ Bucket: dc.bucket, Key: `hospital-a/${job.datasetKey}/pull-b.json`, Body: 'tampered' }));
    const again = join(dir, 'pulled-again');
    await expect(pullDataset(found!, credentials, job.datasetKey, again)).rejects.toMatchObject({ kind: 'ChecksumMismatch' });
    expect((await readdir(again)).filter((name) => name.startsWith('pull-b'))).toEqual([]);
  });
});

