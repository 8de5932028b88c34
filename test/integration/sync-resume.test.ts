// The uploader killed with SIGKILL in the middle of a 200 MiB file, against a real S3 server (Ceph RADOS
// Gateway): resumed, it sends only the parts the server lacks, the manifest appears only once every byte is
// in, and every object's SHA-256 on the server (read back) equals coreutils' sha256sum of the source.
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Manifest } from '../../electron/services/sync/manifest';
import { exited, sha256sum, startDataCentre, syncCli, type DataCentre } from '../dc/dataCentre';
import { provenanceFile, randomFile, sampleProvenance } from '../dc/sampleFiles';

let dc: DataCentre;
let files: string[];
let provenance: string;
const PARALLEL = 4;

beforeAll(async () => {
  dc = await startDataCentre();
  await dc.addTarget('dc', { partSize: 8 << 20, parallelParts: PARALLEL });
  const dir = dc.scratch;
  files = [await randomFile(join(dir, 'segmentation.nii'), 200 << 20), await randomFile(join(dir, 'labels.seg.nrrd'), 20_000_000), await randomFile(join(dir, 'report.json'), 3_000)];
  provenance = await provenanceFile(dir);
}, 120_000);

afterAll(() => dc?.close());

test('a push killed by SIGKILL after some parts resumes without re-sending them, and the server holds exactly the sources', async () => {
  const child = syncCli(['push', '--target', 'dc', '--description', 'Liver segmentation of CT 0113', '--provenance', provenance, ...files], dc.env);
  const killed = exited(child);
  await new Promise<void>((resolve) => {
    const onResponse = () => {
      if (dc.proxy.storedParts().length < 6) return;
      child.kill('SIGKILL');
      dc.proxy.events.off('response', onResponse);
      resolve();
    };
    dc.proxy.events.on('response', onResponse);
  });
  const { signal, stdout } = await killed;
  expect(signal).toBe('SIGKILL');
  const job = stdout.trim();
  await new Promise((resolve) => setTimeout(resolve, 500)); // answers to parts in flight reach the log
  const mark = dc.proxy.log.length;
  const storedBeforeKill = dc.proxy.storedParts();
  const triedBeforeKill = new Set(dc.proxy.log.filter((entry) => entry.partNumber).map(({ key, partNumber }) => `${key}#${partNumber}`));
  expect(storedBeforeKill.length).toBeGreaterThanOrEqual(6);
  expect(storedBeforeKill.length).toBeLessThan(25); // the big file alone is 25 parts of 8 MiB
  expect(await dc.exists(`hospital-a/${job}/voxbench-dataset.json`)).toBe(false);
  expect(await dc.catalogue.datasets()).toEqual([]);

  const resumed = await exited(syncCli(['resume'], dc.env));
  expect(resumed.code, resumed.stderr).toBe(0);

  const sentAfterResume = dc.proxy.storedParts(mark);
  expect(sentAfterResume.filter((part) => storedBeforeKill.includes(part))).toEqual([]); // no finished part sent again
  expect(sentAfterResume.filter((part) => triedBeforeKill.has(part)).length).toBeLessThanOrEqual(PARALLEL); // only those in flight at the kill
  expect(new Set([...storedBeforeKill, ...sentAfterResume]).size).toBe(25 + 3 + 1); // 200 MiB, 20 MB and 3 kB in 8 MiB parts

  for (const path of files) expect(await dc.serverSha256(`hospital-a/${job}/${basename(path)}`)).toBe(sha256sum(path));

  // The manifest is the last object written: after every file's CompleteMultipartUpload.
  const manifestAt = dc.proxy.log.findIndex((entry) => entry.method === 'PUT' && entry.key.endsWith('/voxbench-dataset.json'));
  const lastComplete = dc.proxy.log.findLastIndex((entry) => entry.method === 'POST' && entry.key.startsWith(`/${dc.bucket}/hospital-a/${job}/`));
  expect(manifestAt).toBeGreaterThan(lastComplete);
}, 120_000);

test('the manifest records files, checksums and provenance; the catalogue holds exactly one derived dataset with the same checksums', async () => {
  const jobs = await exited(syncCli(['status', '--json'], dc.env));
  const [job] = JSON.parse(jobs.stdout) as { id: string; state: string }[];
  expect(job!.state).toBe('done');
  const manifest = JSON.parse(await dc.serverText(`hospital-a/${job!.id}/voxbench-dataset.json`)) as Manifest;
  expect(manifest.files.map(({ name, size, sha256 }) => ({ name, size, sha256 }))).toEqual(files.map((path) => ({ name: basename(path), size: expect.any(Number), sha256: sha256sum(path) })));
  expect(manifest.inputScans).toEqual(sampleProvenance.inputScans);
  expect(manifest.models).toEqual(sampleProvenance.models);
  expect(manifest.operations).toEqual(sampleProvenance.operations);
  expect(manifest.software).toEqual(sampleProvenance.software);
  expect(manifest.description).toBe('Liver segmentation of CT 0113');

  const datasets = await dc.catalogue.datasets();
  expect(datasets).toHaveLength(1);
  expect(datasets[0]).toMatchObject({ pid: job!.id, type: 'derived', inputDatasets: ['hospital-a/ct/2026-0113'], usedSoftware: ['Voxbench 0.1.0', `liver-unet sha256:${'b'.repeat(64)}`] });
  const [block, ...more] = await dc.catalogue.origDatablocks();
  expect(more).toEqual([]);
  expect(block).toMatchObject({ datasetId: job!.id, chkAlg: 'sha256' });
  expect((block!.dataFileList as { path: string; chk: string }[]).map(({ path, chk }) => [path, chk])).toEqual(files.map((path) => [basename(path), sha256sum(path)]));
});
