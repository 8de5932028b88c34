// Save as recipe and replay: bit for bit on the scan it came from; on a scan of another grid (the same voxels padded,
// every voxel at the same world position) the same steps in physical units give the same labels, padded.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import type { Recipe } from '../../electron/common/recipe';
import { batchFixture, centres, recordSession } from './batchFixtures';
import { call, labelsOf, scratch, startHost } from './segmentHarness';

let host: Host;
let source: string;
let recorded: Uint8Array;
const recipePath = join(scratch, 'session.recipe.json');

beforeAll(async () => {
  host = startHost();
  source = (await call(host, 'volume.open', { path: batchFixture('scan_0.nii.gz') })).id;
  recorded = await recordSession(host, source, labelsOf);
}, 60_000);
afterAll(() => host?.close());

test('save as recipe keeps the parametric steps in world units and lists the hand stroke', async () => {
  const saved = await call(host, 'batch.saveRecipe', { volumeId: source, path: recipePath, name: 'Ball and box' });
  expect(saved).toMatchObject({ path: recipePath, steps: 4 + 9, notReplayable: [{ index: 13, action: 'paint', reason: expect.stringContaining('hand stroke') }] });
  const recipe = JSON.parse(readFileSync(recipePath, 'utf8')) as Recipe;
  expect(recipe).toMatchObject({ format: 'voxbench-recipe', version: 1, name: 'Ball and box', source: { name: 'scan_0.nii.gz', dims: [64, 64, 64] } });
  const grow = recipe.steps.find((step) => step.kind === 'tool' && step.operation.tool === 'grow');
  // The seed voxel's world position, by nibabel's affine (make_batch.py), RAS flipped to LPS (NIfTI keeps float32).
  const seed = grow?.kind === 'tool' && grow.operation.tool === 'grow' ? grow.operation.seedsMm[0]! : [];
  seed.forEach((v, k) => expect(v).toBeCloseTo(centres.centres.scan_0![k]!, 4));
});

test('a recipe replayed on the scan it came from rebuilds the labelmap bit for bit', async () => {
  const again = (await call(host, 'volume.open', { path: batchFixture('scan_0.nii.gz') })).id;
  const info = await call(host, 'batch.replayRecipe', { volumeId: again, path: recipePath });
  expect(info.segments.map((s) => s.value)).toEqual([1, 2, 3, 4]);
  const replayed = await labelsOf(host, again);
  expect(recorded.some((v) => v === 4) && recorded.some((v) => v === 1)).toBe(true);
  expect(Buffer.compare(replayed, recorded)).toBe(0);
});

test('on a scan of another grid the same steps run in physical units', async () => {
  const padded = (await call(host, 'volume.open', { path: batchFixture('scan_0_padded.nii.gz') })).id;
  await call(host, 'batch.replayRecipe', { volumeId: padded, path: recipePath });
  const labels = await labelsOf(host, padded);
  const { pad } = centres;
  const [n, m] = [64, 64 + 2 * pad];
  const expected = new Uint8Array(m ** 3);
  for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) expected[x + pad + (y + pad) * m + (z + pad) * m * m] = recorded[x + y * n + z * n * n]!;
  expect(Buffer.compare(labels, expected)).toBe(0);
});

test('a recipe of a newer version is refused by name', async () => {
  const newer = join(scratch, 'newer.recipe.json');
  writeFileSync(newer, JSON.stringify({ ...JSON.parse(readFileSync(recipePath, 'utf8')), version: 2 }));
  await expect(call(host, 'batch.replayRecipe', { volumeId: source, path: newer })).rejects.toMatchObject({ kind: 'RecipeTooNew' });
});
