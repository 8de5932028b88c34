// A hostile bucket against a real RADOS Gateway, and the CLI's job controls. Manifests planted with the AWS SDK
// try to climb out of the pull folder, to name files with paths, and to pass for another dataset: each is a typed
// error and nothing lands outside the folder; an existing file is never replaced unless asked. `sync status`
// reads only; `pause`, `cancel` and `resume` act on a push killed half way.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { syncHandlers } from '../../electron/services/sync/handlers';
import type { JobView, Target } from '../../electron/common/syncModel';
import { pullDataset } from '../../electron/services/sync/pull';
import { credentialsFor } from '../../electron/services/sync/secrets';
import { TargetStore } from '../../electron/services/sync/targets';
import type { Services } from '../../electron/services/services';
import { LevelReader } from '../../electron/services/volume/levelReader';
import { exited, sha256sum, startDataCentre, syncCli, type DataCentre } from '../dc/dataCentre';
import { provenanceFile, randomFile, sampleProvenance } from '../dc/sampleFiles';

let dc: DataCentre;
let target: Target;

beforeAll(async () => {
  dc = await startDataCentre();
  Object.assign(process.env, dc.env, { HOME: join(dc.scratch, 'home') }); // the default pull folder: ../../../ from it is still in scratch
  await dc.addTarget('dc', { partSize: 5 << 20, parallelParts: 2, bandwidth: 6 << 20 });
  target = await new TargetStore(dc.settingsDir).get('dc');
}, 120_000);

afterAll(() => dc?.close());

const sha256 = (bytes: string) => createHash('sha256').update(bytes).digest('hex');
const put = (key: string, body: string) => dc.s3.send(new PutObjectCommand({ Bucket: dc.bucket, Key: key, Body: body }));

/** A manifest as manifest.ts writes it, with `changes` over it, planted at hospital-a/FOLDER/. */
async function plant(folder: string, changes: Record<string, unknown>, files = [{ name: 'evil.desktop', body: '[Desktop Entry]\nExec=sh -c "echo owned"\n' }]) {
  for (const { name, body } of files) await put(`hospital-a/${folder}/${name}`, body);
  const manifest = {
    format: 'voxbench-dataset/1',
    datasetKey: folder,
    createdAt: '2026-12-01T00:00:00.000Z',
    description: 'planted',
    files: files.map(({ name, body }) => ({ name, key: `hospital-a/${folder}/${name}`, size: body.length, sha256: sha256(body) })),
    ...sampleProvenance,
    ...changes,
  };
  await put(`hospital-a/${folder}/voxbench-dataset.json`, JSON.stringify(manifest));
}

/** Every file under `dir`, as paths relative to it. */
const tree = async (dir: string) => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();

describe('a hostile bucket', () => {
  const levels = new LevelReader(); // the listing starts its thread: Open in place is a click away
  afterAll(() => levels.close());
  const handlers = () => syncHandlers({ services: { sync: { settingsDir: dc.settingsDir }, levels } as Services, emit: () => undefined });

  test('a manifest whose datasetKey climbs out (../../../) is refused by the listing and by "Pull and open"; nothing is written anywhere', async () => {
    const climb = '../../../escaped';
    await plant('trap', { datasetKey: climb });
    const before = await tree(dc.scratch);
    await expect(handlers()['sync.datasets']({ target: 'dc' })).rejects.toMatchObject({ kind: 'BadManifest', message: expect.stringContaining('hospital-a/trap/voxbench-dataset.json') });
    // What the panel sent before the fix: the manifest's datasetKey, no folder (the default under HOME).
    await expect(handlers()['sync.pull']({ target: 'dc', datasetKey: climb })).rejects.toMatchObject({ kind: 'UnsafeName', message: expect.stringContaining(climb) });
    await expect(pullDataset(target, await credentialsFor(target), 'trap', join(dc.scratch, 'pulled'))).rejects.toMatchObject({ kind: 'BadManifest', message: expect.stringContaining('is not a safe file name') });
    expect(await tree(dc.scratch)).toEqual(before);
  });

  test('file names with a path, a duplicate name, a key outside the dataset, or a manifest posing as another dataset are BadManifest errors', async () => {
    const credentials = await credentialsFor(target);
    const into = join(dc.scratch, 'hostile');
    await plant('names', { files: [{ name: '../../evil.desktop', key: 'hospital-a/names/evil.desktop', size: 1, sha256: 'a'.repeat(64) }] });
    await plant('twice', {}, [{ name: 'a.nii', body: 'one' }]).then(() => put('hospital-a/twice/voxbench-dataset.json', JSON.stringify({ format: 'voxbench-dataset/1', datasetKey: 'twice', createdAt: '', description: '', ...sampleProvenance, files: [1, 2].map(() => ({ name: 'a.nii', key: 'hospital-a/twice/a.nii', size: 3, sha256: sha256('one') })) })));
    await plant('outside', { files: [{ name: 'x.nii', key: 'hospital-a/trap/evil.desktop', size: 1, sha256: 'a'.repeat(64) }] });
    await plant('posing', { datasetKey: 'names' });
    await plant('nonsense', { files: 'all of them' });
    const refusals = await Promise.all(['names', 'twice', 'outside', 'posing', 'nonsense'].map((key) => pullDataset(target, credentials, key, into).then(() => 'pulled', (error: { kind: string; message: string }) => `${error.kind}: ${error.message.split(':')[0]}`)));
    expect(refusals).toEqual(['names', 'twice', 'outside', 'posing', 'nonsense'].map((key) => `BadManifest: hospital-a/${key}/voxbench-dataset.json`));
    expect(await tree(dc.scratch).then((files) => files.filter((file) => file.includes('evil') || file.startsWith('hostile')))).toEqual([]);
  });

  test('pulling over an existing file is a FileExists error naming it and changes nothing; with overwrite it is replaced', async () => {
    const body = 'voxels';
    await plant('good', {}, [{ name: 'scan.nii', body }, { name: 'labels.seg.nrrd', body: 'labels' }]);
    const into = join(dc.scratch, 'mine');
    await mkdir(into);
    await writeFile(join(into, 'scan.nii'), 'my own work');
    const credentials = await credentialsFor(target);
    await expect(pullDataset(target, credentials, 'good', into)).rejects.toMatchObject({ kind: 'FileExists', message: expect.stringContaining(join(into, 'scan.nii')) });
    expect(await tree(into)).toEqual(['scan.nii']);
    expect(await readFile(join(into, 'scan.nii'), 'utf8')).toBe('my own work');
    expect(await pullDataset(target, credentials, 'good', into, { overwrite: true })).toEqual([join(into, 'scan.nii'), join(into, 'labels.seg.nrrd')]);
    expect(await readFile(join(into, 'scan.nii'), 'utf8')).toBe(body);
    expect(await tree(into)).toEqual(['labels.seg.nrrd', 'scan.nii']);
  });
});

describe('the CLI on a push killed half way', () => {
  const status = async () => JSON.parse((await exited(syncCli(['status', '--json'], dc.env))).stdout) as JobView[];
  const journal = () => readFile(join(dc.settingsDir, 'sync-journal.jsonl'), 'utf8');

  /** Starts a push of a 30 MiB file (6 parts at 6 MiB/s) and kills it once two parts are stored. */
  async function killedPush(name: string): Promise<{ id: string; file: string }> {
    const file = await randomFile(join(dc.scratch, name), 30 << 20);
    const child = syncCli(['push', '--target', 'dc', '--provenance', await provenanceFile(dc.scratch), file], dc.env);
    const done = exited(child);
    const stored = dc.proxy.storedParts().length;
    await new Promise<void>((resolve) => {
      const onResponse = () => {
        if (dc.proxy.storedParts().length < stored + 2) return;
        child.kill('SIGKILL');
        dc.proxy.events.off('response', onResponse);
        resolve();
      };
      dc.proxy.events.on('response', onResponse);
    });
    const { stdout } = await done;
    await new Promise((resolve) => setTimeout(resolve, 500)); // answers to parts in flight reach the log
    return { id: stdout.trim(), file };
  }

  test('status changes nothing (no request, no journal line); pause then resume finishes the job with the exact bytes', async () => {
    const { id, file } = await killedPush('paused.nii');
    const [requests, before] = [dc.proxy.log.length, await journal()];
    expect((await status()).find((job) => job.id === id)?.state).toBe('uploading');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(dc.proxy.log.length).toBe(requests);
    expect(await journal()).toBe(before);

    const paused = await exited(syncCli(['pause', id.slice(0, 8)], dc.env));
    expect(paused.code, paused.stderr).toBe(0);
    expect((await status()).find((job) => job.id === id)?.state).toBe('paused');
    expect(dc.proxy.log.length).toBe(requests);

    const resumed = await exited(syncCli(['resume'], dc.env));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await status()).find((job) => job.id === id)?.state).toBe('done');
    expect(await dc.serverSha256(`hospital-a/${id}/paused.nii`)).toBe(sha256sum(file));
  }, 120_000);

  test('cancel stops the job for good and aborts its multipart upload on the server; resume leaves it alone', async () => {
    const { id } = await killedPush('cancelled.nii');
    const pending = async () => (await dc.s3.send(new ListMultipartUploadsCommand({ Bucket: dc.bucket, Prefix: `hospital-a/${id}/` }))).Uploads ?? [];
    expect(await pending()).toHaveLength(1);
    const cancelled = await exited(syncCli(['cancel', id], dc.env));
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(await pending()).toEqual([]);
    expect((await status()).find((job) => job.id === id)?.state).toBe('cancelled');
    const requests = dc.proxy.log.length;
    expect((await exited(syncCli(['resume'], dc.env))).code).toBe(0);
    expect((await status()).find((job) => job.id === id)?.state).toBe('cancelled');
    expect(dc.proxy.log.length).toBe(requests);
  }, 120_000);
});
