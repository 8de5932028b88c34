// The surface service as the host runs it: builds in a worker with progress, caches per labelmap version,
// serves mesh bytes, cancels, and writes export files; on the sphere fixture of surface_reference.py.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress, Vec3 } from '../../electron/common/contract.js';
import { SurfaceBuilder } from '../../electron/services/segment/surface/buildInWorker.js';
import { Surfaces, type SegmentedVolume } from '../../electron/services/segment/surface/surfaces.js';

const dir = mkdtempSync(join(tmpdir(), 'voxbench-surface-service-'));
let volume: SegmentedVolume;
const progress: Progress[] = [];
const builder = new SurfaceBuilder();
const surfaces = new Surfaces(
  () => volume,
  (event, data) => event === 'progress' && progress.push(data as Progress),
  builder,
);

beforeAll(() => {
  execFileSync('/usr/bin/python3', ['test/fixtures/surface_reference.py', dir], { stdio: 'inherit' });
  const sphere = JSON.parse(readFileSync(join(dir, 'sphere.json'), 'utf8')) as { dims: Vec3; spacing: Vec3 };
  const grid = { dims: sphere.dims, spacing: sphere.spacing, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const labels = new Uint8Array(readFileSync(join(dir, 'sphere.raw')));
  volume = {
    labels: async () => ({ grid, labels }),
    segments: [
      { value: 1, name: 'Speck', color: [90, 200, 90] },
      { value: 3, name: 'Sphere', color: [230, 80, 60] },
    ],
    version: 1,
  };
});

afterAll(() => builder.close());

describe('Surfaces', () => {
  it('builds every segment in a worker, reporting each, and serves the mesh bytes', async () => {
    // Options left out as the contract passes them: undefined, which must keep the defaults.
    const infos = await surfaces.build('v1', undefined, { smoothing: undefined, maxTriangles: undefined });
    expect(infos.map(({ value, name }) => [value, name])).toEqual([[1, 'Speck'], [3, 'Sphere']]);
    expect(progress.at(-1)).toMatchObject({ done: 2, total: 2 });
    const sphere = infos[1]!;
    expect(Math.abs(sphere.volumeMm3 / ((4 / 3) * Math.PI * 14 ** 3) - 1)).toBeLessThan(0.02);
    const bytes = surfaces.meshBytes(sphere.mesh)!;
    expect(bytes.length).toBe(12 * sphere.vertices + 12 * sphere.triangles);
    const indices = new Uint32Array(bytes.buffer, bytes.byteOffset + 12 * sphere.vertices, 3 * sphere.triangles);
    expect(Math.max(...indices)).toBe(sphere.vertices - 1);
  });

  it('serves the cache until the labelmap changes, then forgets the old mesh', async () => {
    const [before] = await surfaces.build('v1', [3]);
    const events = progress.length;
    expect((await surfaces.build('v1', [3]))[0]!.mesh).toBe(before!.mesh);
    expect(progress.length).toBe(events);
    volume = { ...volume, version: 2 };
    const [after] = await surfaces.build('v1', [3]);
    expect(after!.mesh).not.toBe(before!.mesh);
    expect(surfaces.meshBytes(before!.mesh)).toBeUndefined();
  });

  it('a new build cancels the running one, which fails as Cancelled', async () => {
    volume = { ...volume, version: 3 };
    const first = surfaces.build('v1');
    volume = { ...volume, version: 4 };
    const second = surfaces.build('v1');
    await expect(first).rejects.toMatchObject({ kind: 'Cancelled' });
    expect(await second).toHaveLength(2);
  });

  it('writes STL and glb files; an unknown segment or an empty one is a typed error', async () => {
    const stl = await surfaces.exportFile('v1', 'stl', join(dir, 'all.stl'));
    expect(statSync(stl.path).size).toBe(84 + 50 * stl.triangles);
    const glb = await surfaces.exportFile('v1', 'glb', join(dir, 'sphere.glb'), [3]);
    expect(statSync(glb.path).size).toBe(glb.bytes);
    await expect(surfaces.build('v1', [7])).rejects.toMatchObject({ kind: 'UnknownSegment' });
    volume = { ...volume, segments: [...volume.segments, { value: 9, name: 'Empty', color: [0, 0, 0] }] };
    await expect(surfaces.exportFile('v1', 'stl', join(dir, 'empty.stl'), [9])).rejects.toMatchObject({ kind: 'NothingToExport' });
    await expect(surfaces.exportFile('v1', 'stl', join(dir, 'no', 'such', 'dir.stl'), [3])).rejects.toMatchObject({ kind: 'WriteFailed' });
  });
});
