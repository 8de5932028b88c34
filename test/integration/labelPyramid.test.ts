// The label pyramid writer against zarr-python and numpy: uint16 label values above 255 (and 65535) stay exact at
// every level, each coarser level numpy's 2×2×2 block mode, odd sides included, with a valid NGFF image-label.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { memorySource, type VolumeMeta } from '../../electron/services/volume/model';
import { buildPyramid } from '../../electron/services/volume/pyramid';
import { imageLabelOf } from '../../electron/services/sync/labelsPush';

const script = fileURLToPath(new URL('./omeZarrLabelsReference.py', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-label-pyramid-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('uint16 labels (300, 301, 65535) keep their values at every level, each level the block mode of the one above', async () => {
  const dims: Vec3 = [70, 45, 33];
  const values = [0, 300, 301, 65535];
  const labels = new Uint16Array(dims[0] * dims[1] * dims[2]);
  // Patches of 3 voxels with a sprinkling of single voxels: blocks that agree, blocks that tie, blocks of three values.
  for (let z = 0, i = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++, i++) labels[i] = values[(Math.floor(x / 3) + Math.floor(y / 3) * 5 + z * 7 + (i % 11 === 0 ? 1 : 0)) % 4]!;
  const meta: VolumeMeta = { name: 'labels', path: '/labels', format: 'labelmap', dims, spacing: [0.5, 0.75, 1.25], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], unit: 'mm', dtype: 'uint16', storedType: 'uint16' };
  const segments = values.slice(1).map((value, n) => ({ value, name: `Segment ${n + 1}`, color: [n * 80, 200, 255 - n * 80] as [number, number, number] }));
  const store = join(dir, 'labels.ome.zarr');
  await buildPyramid(memorySource(meta, labels), store, { coarsest: 8, labels: imageLabelOf(segments) });
  const raw = join(dir, 'labels.raw');
  await writeFile(raw, labels);
  const check = JSON.parse(execFileSync('/usr/bin/python3', [script, 'check', store, raw, ...dims.map(String), 'uint16'], { encoding: 'utf8' }));
  expect(check.errors).toEqual([]);
  // 70×45×33 → 35×23×17 → 18×12×9 → 9×6×5 → 5×3×3
  expect(check.levels.map(({ shape }: { shape: number[] }) => shape)).toEqual([[33, 45, 70], [17, 23, 35], [9, 12, 18], [5, 6, 9], [3, 3, 5]]);
  for (const level of check.levels) {
    expect(level).toMatchObject({ dtype: 'uint16', differing: 0 });
    expect(values).toEqual(expect.arrayContaining(level.values));
  }
  expect(check.imageLabel.properties).toEqual(segments.map(({ value, name }) => ({ 'label-value': value, name })));
});
