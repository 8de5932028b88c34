// A user segments the embedded scan, pushes the result to the data centre from the Sync panel, in real Chromium
// against browser mode, and sees the job reach "done" with a green check. The gateway then holds the
// segmentation's exact bytes (the .seg.nrrd a local export writes) beside the scan, the manifest carries the
// operation log, and the catalogue holds one derived dataset naming the scan it came from. Then the scan is
// published as OME-Zarr from the same panel and opened in place from the dataset list, with the scan's voxels;
// segmented there, its labels go back as OME-Zarr, a derived dataset whose catalogue entry names the image's pid.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sha256sum, startDataCentre, type DataCentre } from '../dc/dataCentre';
import { connectContract, type ContractSocket } from './contractSocket';
import { openSession, RESULTS, type Session } from './harness';

let dc: DataCentre;
let session: Session;
let contract: ContractSocket;
let exports: string;

beforeAll(async () => {
  dc = await startDataCentre();
  await dc.addTarget('hospital-dc');
  Object.assign(process.env, dc.env); // the browser-mode server reads its settings folder and credentials from here
  session = await openSession();
  contract = await connectContract(session.server.url);
  exports = await mkdtemp(join(tmpdir(), 'voxbench-sync-e2e-'));
}, 120_000);

afterAll(async () => {
  contract?.close();
  await session?.close();
  await dc?.close();
  if (exports) await rm(exports, { recursive: true, force: true });
});

test('segment, push from the Sync panel: done with a green check; the server holds the .seg.nrrd, the scan and their provenance', async () => {
  const { page } = session;
  await page.goto(session.server.url);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  const [scan] = await contract.call('volume.list', {});
  const top = scan!.range[1];
  const range: [number, number] = [top / 2, top];
  const { segments } = await contract.call('segment.add', { volumeId: scan!.id, name: 'Bright' });
  await contract.call('segment.apply', { volumeId: scan!.id, operation: { tool: 'threshold', segment: segments[0]!.value, range, overwrite: 'all' } });

  await page.click('[data-testid=sync-toggle]');
  await page.waitForSelector('[data-testid=sync-panel]');
  expect(await page.locator('select[aria-label=Target]').inputValue()).toBe('hospital-dc');
  await page.fill('textarea[aria-label=Description]', 'Bright structures of the phantom');
  await page.click('[data-testid=sync-push]');

  const check = page.locator('[data-testid=sync-job][data-state=done] [data-testid=sync-done]');
  await check.waitFor({ timeout: 60_000 });
  expect(await check.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(63, 185, 80)');
  await page.screenshot({ path: join(RESULTS, 'sync-panel-done.png') });
  expect(await readdir(join(dc.settingsDir, 'staging'))).toEqual([]); // the staged export went with its job

  const [dataset, ...others] = await dc.catalogue.datasets();
  expect(others).toEqual([]);
  const pid = dataset!.pid as string;
  const local = join(exports, 'shepp-logan.seg.nrrd'); // the name is in the file's header
  await contract.call('segment.export', { volumeId: scan!.id, path: local });
  expect(await dc.serverSha256(`hospital-a/${pid}/shepp-logan.seg.nrrd`)).toBe(sha256sum(local));
  const scanSha256 = sha256sum(scan!.path);
  expect(await dc.serverSha256(`hospital-a/${pid}/shepp-logan.nii.gz`)).toBe(scanSha256);

  const manifest = JSON.parse(await dc.serverText(`hospital-a/${pid}/voxbench-dataset.json`)) as Record<string, unknown>;
  const threshold = expect.objectContaining({ action: 'threshold', params: expect.objectContaining({ range, segment: segments[0]!.value }) });
  expect(manifest).toMatchObject({ description: 'Bright structures of the phantom', software: { name: 'Voxbench' }, inputScans: [{ id: 'shepp-logan.nii.gz', sha256: scanSha256, path: scan!.path }] });
  expect(manifest.operations).toEqual(expect.arrayContaining([threshold]));
  expect(dataset).toMatchObject({ type: 'derived', description: 'Bright structures of the phantom', inputDatasets: ['shepp-logan.nii.gz'] });
  expect(dataset!.scientificMetadata).toMatchObject({ inputScans: [{ id: 'shepp-logan.nii.gz', sha256: scanSha256 }] });
  expect((dataset!.scientificMetadata as { operations: unknown[] }).operations).toEqual(expect.arrayContaining([threshold]));
}, 120_000);

test('publish as OME-Zarr from the panel, then Open in place: the streamed volume opens with the scan\'s voxels', async () => {
  const { page } = session;
  await page.selectOption('[data-testid=sync-layout]', 'ome-zarr');
  await page.fill('textarea[aria-label=Description]', 'Phantom to stream');
  await page.click('[data-testid=sync-push]');
  await page.locator('[data-testid=sync-job][data-state=done]').nth(1).waitFor({ timeout: 60_000 });

  await page.click('text=Datasets on hospital-dc');
  await page.click('[data-testid=sync-open-in-place]');
  const streamed = async () => (await contract.call('volume.list', {})).find(({ path }) => path.startsWith('s3://'));
  await expect.poll(streamed, { timeout: 30_000 }).toBeTruthy();
  const [local, opened] = [(await contract.call('volume.list', {}))[0]!, (await streamed())!];
  expect(opened.path).toMatch(/^s3:\/\/hospital-dc\/[\w-]+\/shepp-logan\.ome\.zarr$/);
  expect(opened).toMatchObject({ dims: local.dims, dtype: local.dtype, format: local.format });
  opened.origin.forEach((value, axis) => expect(value).toBeCloseTo(local.origin[axis]!, 6));
  const url = new URL(session.server.url);
  const voxels = async (path: string) => Buffer.from(await (await fetch(`${url.origin}/data/${path}?token=${url.searchParams.get('token')}`)).arrayBuffer());
  expect((await voxels(opened.voxels)).equals(await voxels(local.voxels))).toBe(true);
  await page.waitForSelector('[data-status=ready]', { timeout: 30_000 });
  await page.screenshot({ path: join(RESULTS, 'sync-open-in-place.png') });
}, 120_000);

test('on the volume opened in place: threshold + islands, push the labels from the panel; the catalogue entry lists the image dataset\'s pid', async () => {
  const { page } = session;
  const opened = (await contract.call('volume.list', {})).find(({ path }) => path.startsWith('s3://'))!;
  const imagePid = /^s3:\/\/hospital-dc\/([\w-]+)\//.exec(opened.path)![1]!;
  const { segments } = await contract.call('segment.add', { volumeId: opened.id, name: 'Bright' });
  const segment = segments[0]!.value;
  await contract.call('segment.apply', { volumeId: opened.id, operation: { tool: 'threshold', segment, range: [opened.range[1] / 2, opened.range[1]], overwrite: 'all' } });
  await contract.call('segment.apply', { volumeId: opened.id, operation: { tool: 'islands', segment, mode: 'removeSmall', minVoxels: 10, connectivity: 26 } });

  await page.fill('textarea[aria-label=Description]', 'Bright parts of the streamed phantom');
  const pushLabels = page.locator('[data-testid=sync-push-labels]');
  await expect.poll(() => pushLabels.isEnabled(), { timeout: 10_000 }).toBe(true);
  await pushLabels.click();
  await page.locator('[data-testid=sync-job][data-state=done]').nth(2).waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(RESULTS, 'sync-labels-pushed.png') });

  const labels = (await dc.catalogue.datasets()).find(({ description }) => description === 'Bright parts of the streamed phantom');
  expect(labels).toMatchObject({ type: 'derived', inputDatasets: [imagePid] });
  const actions = (labels!.scientificMetadata as { operations: { action: string }[] }).operations.map(({ action }) => action);
  expect(actions).toEqual(['add', 'threshold', 'islands']);
  expect(await dc.exists(`hospital-a/${labels!.pid as string}/shepp-logan.labels.ome.zarr/.zattrs`)).toBe(true);
}, 120_000);
