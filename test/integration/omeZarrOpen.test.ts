// OME-Zarr written by others opens through zarrita with the right geometry and pixels: zarr-python's Zarr v2
// (blosc/zstd in F order, gzip, a channel axis, a multiscale-wide scale) and a Zarr v3 sharded store written from
// the specification, from a folder and over HTTP. Truth: numpy's slices of the arrays the script wrote.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Vec3, VolumeInfo } from '../../electron/common/contract';
import { routes } from '../../electron/common/routes';
import { createHost, noDialogs } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';
import type { VoxelArray } from '../../electron/services/volume/model';
import { openOmeZarr } from '../../electron/services/volume/omeZarrOpen';
import type { ZarrLocation } from '../../electron/services/volume/zarrStores';

const script = fileURLToPath(new URL('../fixtures/foreign_zarr.py', import.meta.url));
let dir: string;
let truth: { level0: string; regions: string[]; range: [number, number] };
let server: Server;
let base: string;

const sha256 = (voxels: VoxelArray) => createHash('sha256').update(new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength)).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-foreign-zarr-'));
  truth = JSON.parse(execFileSync('/usr/bin/python3', [script, dir], { encoding: 'utf8' }));
  // A plain static file server with byte ranges (sharded reads fetch the shard index by suffix), 404 for what is
  // not there, as object stores and web servers answer.
  server = createServer((request, response) => {
    const path = join(dir, normalize(decodeURIComponent(new URL(request.url!, 'http://x').pathname)));
    readFile(path).then(
      (bytes) => {
        const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
        const [start, end] = !range ? [0, bytes.length] : range[1] ? [Number(range[1]), range[2] ? Number(range[2]) + 1 : bytes.length] : [bytes.length - Number(range[2]), bytes.length];
        response.writeHead(range ? 206 : 200, { 'content-length': end - start }).end(request.method === 'HEAD' ? undefined : bytes.subarray(start, end));
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 60_000);

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

// Level boxes [x, y, z] matching the script's zyx boxes.
const boxes: { level: number; min: Vec3; max: Vec3 }[] = [
  { level: 0, min: [5, 0, 3], max: [40, 30, 17] },
  { level: 1, min: [3, 2, 1], max: [20, 15, 9] },
];

const stores: { name: string; location: () => ZarrLocation; unit: string; levels: { spacing: Vec3; origin: Vec3 }[] }[] = [
  {
    name: 'zarr-python v2 (folder)',
    location: () => ({ kind: 'folder', path: join(dir, 'v2.ome.zarr') }),
    unit: 'µm',
    // Per-level scale and translation, then the multiscale's scale of 2: world = 2·(s·i + t).
    levels: [
      { spacing: [0.25, 0.5, 2], origin: [1.5, -3, 10] },
      { spacing: [0.5, 1, 4], origin: [1.625, -2.75, 11] },
    ],
  },
  {
    name: 'zarr-python v2 (HTTP)',
    location: () => ({ kind: 'http', url: `${base}/v2.ome.zarr` }),
    unit: 'µm',
    levels: [
      { spacing: [0.25, 0.5, 2], origin: [1.5, -3, 10] },
      { spacing: [0.5, 1, 4], origin: [1.625, -2.75, 11] },
    ],
  },
  {
    name: 'Zarr v3 sharded (HTTP)',
    location: () => ({ kind: 'http', url: `${base}/v3.ome.zarr` }),
    unit: 'mm',
    levels: [
      { spacing: [0.5, 1, 2], origin: [0, 0, 0] },
      { spacing: [1, 2, 4], origin: [0, 0, 0] },
    ],
  },
];

describe.each(stores)('$name', ({ location, unit, levels }) => {
  test('geometry from NGFF per level, dims, type, unit, and the range of the coarsest level', async () => {
    const image = await openOmeZarr(location());
    expect(image.meta).toMatchObject({ dims: [40, 30, 20], dtype: 'uint16', unit, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], range: truth.range, ...levels[0] });
    expect(image.levels.map(({ dims, spacing, origin }) => ({ dims, spacing, origin }))).toEqual([
      { dims: [40, 30, 20], ...levels[0] },
      { dims: [20, 15, 10], ...levels[1] },
    ]);
  });

  test('region reads equal numpy slices (channel 0 where there are channels)', async () => {
    const image = await openOmeZarr(location());
    for (const [i, { level, ...box }] of boxes.entries()) expect(sha256(await image.readRegion(level, box))).toBe(truth.regions[i]);
  });
});

test('a store that is not there is a BadPyramid error naming it', async () => {
  await expect(openOmeZarr({ kind: 'http', url: `${base}/missing.ome.zarr` })).rejects.toMatchObject({ kind: 'BadPyramid', message: expect.stringContaining(`${base}/missing.ome.zarr`) });
});

describe('volume.open in place (https://…), through the chunk cache', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));

  async function openedVoxels(cacheDir: string, url: string, maxBytes = 2 ** 30) {
    const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, chunkCache: { dir: cacheDir, maxBytes } }));
    try {
      const reply = await host.dispatch('volume.open', { path: url });
      if (!reply.ok) return { error: reply.error };
      const info = reply.result as VolumeInfo;
      const voxels = new Uint16Array(await (await host.serveData(info.voxels)).arrayBuffer());
      return { info, voxels };
    } finally {
      await host.close();
    }
  }

  test('opens with NGFF geometry, serves level 0 as numpy reads it, and reopens offline from the cache', async () => {
    const cacheDir = join(dir, 'cache');
    const url = `${base}/v2.ome.zarr`;
    const online = await openedVoxels(cacheDir, url);
    expect(online.info).toMatchObject({ dims: [40, 30, 20], spacing: [0.25, 0.5, 2], origin: [1.5, -3, 10], range: truth.range, format: 'OME-Zarr' });
    expect(online.info!.levels.map(({ dims, origin }) => ({ dims, origin }))).toEqual([{ dims: [40, 30, 20], origin: [1.5, -3, 10] }, { dims: [20, 15, 10], origin: [1.625, -2.75, 11] }]);
    expect(sha256(online.voxels!)).toBe(truth.level0);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // Offline: what was seen opens and reads the same; what was never fetched is a typed error naming it.
    const offline = await openedVoxels(cacheDir, url);
    expect(sha256(offline.voxels!)).toBe(truth.level0);
    const never = await openedVoxels(cacheDir, `${base}/v3.ome.zarr`);
    expect(never.error).toMatchObject({ kind: 'NotCached', message: expect.stringMatching(new RegExp(`^${base}/v3\\.ome\\.zarr/\\S+ is not in the chunk cache and the store cannot be reached`)) });
  });

  /** v2.ome.zarr opened in place from a file server of its own, which `offline` stops; `requests` counts what it was asked. */
  async function openedFromOwnServer(cacheName: string) {
    let requests = 0;
    const files = createServer((request, response) => {
      requests++;
      void readFile(join(dir, normalize(new URL(request.url!, 'http://x').pathname))).then((bytes) => response.end(bytes), () => response.writeHead(404).end());
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(files.address() as { port: number }).port}/v2.ome.zarr`;
    const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, chunkCache: { dir: join(dir, cacheName), maxBytes: 2 ** 30 } }));
    const reply = await host.dispatch('volume.open', { path: url });
    if (!reply.ok) await host.close();
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    const { id: volumeId } = (reply as { result: VolumeInfo }).result;
    return {
      url,
      host,
      requests: () => requests,
      slice: (axis: number, index: number) => host.serveData(routes.volumeSlice.path({ volumeId, axis, index })),
      offline: async () => {
        files.closeAllConnections();
        await new Promise<void>((resolve) => files.close(() => resolve()));
      },
    };
  }

  test('offline mid-session: the slices seen stay viewable (the same bytes), one never fetched says the store cannot be reached', async () => {
    const { url, host, slice, offline } = await openedFromOwnServer('session-cache');
    try {
      const seen = await slice(2, 0); // chunks of z 0-6 are 7 deep: z 14-19 lie in a layer neither read nor read ahead
      expect(seen.status).toBe(200);
      const online = new Uint8Array(await seen.arrayBuffer());
      await offline();
      const again = await slice(2, 0);
      expect(again.status).toBe(200);
      expect(new Uint8Array(await again.arrayBuffer())).toEqual(online);
      const never = await slice(2, 19);
      expect(never.status).toBe(422);
      expect(await never.text()).toMatch(new RegExp(`^NotCached: ${url}/\\S+ is not in the chunk cache and the store cannot be reached .*what was viewed before stays viewable`));
    } finally {
      await host.close();
    }
  });

  test('read ahead follows the slice’s own axis: after a sagittal slice, the next chunk layer along x is there offline', async () => {
    const { host, slice, requests, offline } = await openedFromOwnServer('sagittal-cache');
    try {
      expect((await slice(0, 4)).status).toBe(200); // level 0's chunks are 9 wide: x 0-8
      for (let seen = -1; seen !== requests(); await new Promise((resolve) => setTimeout(resolve, 500))) seen = requests(); // the read ahead is done
      await offline();
      expect((await slice(0, 9)).status).toBe(200); // x 9-17: read ahead
      expect((await slice(0, 18)).status).toBe(422); // x 18-26: two layers away, never fetched
    } finally {
      await host.close();
    }
  });

  test('the cache stays near its cap (writes racing an eviction in another thread may pass it by a chunk or two)', async () => {
    const cacheDir = join(dir, 'small-cache');
    const cap = 16 << 10;
    // Reads ~48 KiB of chunks (zstd leaves random voxels near their 2 bytes each) through a 16 KiB cache.
    const server2 = createServer((request, response) => void readFile(join(dir, normalize(new URL(request.url!, 'http://x').pathname))).then((bytes) => response.end(bytes), () => response.writeHead(404).end()));
    await new Promise<void>((resolve) => server2.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server2.address() as { port: number }).port}/v2.ome.zarr`;
    const { voxels } = await openedVoxels(cacheDir, url, cap);
    server2.closeAllConnections();
    server2.close();
    expect(sha256(voxels!)).toBe(truth.level0);
    const sizes = await Promise.all((await readdir(cacheDir)).map(async (name) => (await stat(join(cacheDir, name))).size));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(cap * 1.1);
    expect(sizes.length).toBeGreaterThan(0);
  });
});
