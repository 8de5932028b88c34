// Open in place, phase by phase, by hand: a slab as wide as the 4 GiB run's slices but few slices deep (a slice's
// cost is its extent, not the volume's depth), published with our writer, uploaded by the bare SDK to the loopback
// RGW, then read (1) chunk by chunk to time the phases apart: GETs at several widths in flight, inflating, the
// on-disk cache's writes; and (2) through browser mode (`voxbench serve` from dist/, driven over its WebSocket and
// /data/ as the page drives it, no page): Open → the first full-resolution slice across each axis (a fresh chunk
// cache each), the next 10 slices warm, pixels against h5py.
// Needs the bundled workers: node build/build.mjs.
//   node --import tsx test/bench/inPlaceSlice.ts make FILE.h5 NX NY NZ
//   node --import tsx test/bench/inPlaceSlice.ts run FILE.h5 [open]   (open: browser mode's timings only)
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inflateSync, inflate } from 'node:zlib';
import { promisify } from 'node:util';
import { openScan } from '../../electron/services/io/registry';
import { loadNativeKernels } from '../../electron/services/segment/kernels/native';
import { S3ZarrStore } from '../../electron/services/sync/s3ZarrStore';
import { TargetStore } from '../../electron/services/sync/targets';
import { credentialsFor } from '../../electron/services/sync/secrets';
import { ChunkCache, chunkCacheWritten } from '../../electron/services/volume/chunkCache';
import { LevelReader } from '../../electron/services/volume/levelReader';
import { openOmeZarr } from '../../electron/services/volume/omeZarrOpen';
import { buildPyramid } from '../../electron/services/volume/pyramid';
import { startDataCentre } from '../dc/dataCentre';
import { describeTimes, median, timeInPlace } from './inPlaceBrowserMode';
import { writePhantomH5 } from './phantomH5';

const python = '/usr/bin/python3';
const KEY = 'bench/slab.ome.zarr';

/** h5py's slices across an axis (x = 0, y = 1, z = 2) as raw little-endian bytes, z slowest. */
const H5PY_SLICE = `
import sys, h5py, numpy as np
axis, index = int(sys.argv[3]), int(sys.argv[4])
with h5py.File(sys.argv[1], 'r') as f:
    d = f['data']
    part = d[index] if axis == 2 else d[:, index, :] if axis == 1 else d[:, :, index]
    np.ascontiguousarray(part).astype('<u2').tofile(sys.argv[2])`;

const ms = (from: number) => performance.now() - from;

/** Runs tasks `width` at a time; returns each one's duration. */
async function timed(tasks: (() => Promise<unknown>)[], width: number): Promise<number[]> {
  const took: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      const from = performance.now();
      await task();
      took.push(ms(from));
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return took;
}

async function run(h5: string, openOnly: boolean): Promise<void> {
  const dc = await startDataCentre();
  const lines: string[] = [`load average at start ${loadavg().map((value) => value.toFixed(1)).join(' ')}`];
  try {
    Object.assign(process.env, dc.env);
    const store = `${h5}.ome.zarr`; // built once, kept beside the source for the next run
    const source = await openScan(h5);
    const dims = source.meta.dims;
    let started = performance.now();
    if (!existsSync(store)) await buildPyramid(source, store, { compression: 'zlib', published: true });
    await source.close();
    const entries = await readdir(store, { recursive: true, withFileTypes: true });
    const keys = entries.filter((entry) => entry.isFile()).map((entry) => relative(store, join(entry.parentPath, entry.name)));
    lines.push(`source ${dims.join('×')} uint16; pyramid build ${(ms(started) / 1000).toFixed(1)} s; ${keys.length} objects`);
    const waiting = [...keys];
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let key = waiting.shift(); key !== undefined; key = waiting.shift()) {
        const body = await readFile(join(store, key));
        await dc.s3.send(new PutObjectCommand({ Bucket: dc.bucket, Key: `hospital-a/${KEY}/${key}`, Body: body, ContentLength: body.length }));
      }
    }));
    await dc.addTarget('direct', { endpoint: dc.gateway.endpoint, catalogue: undefined });

    // `run FILE open` times only (2).
    if (!openOnly) {
      // (1) Opening: the metadata reads (no cache), and the level reader's thread starting; then the centre z slice's
      // chunks of level 0, phase by phase.
      const target = await new TargetStore(dc.settingsDir).get('direct');
      const location = { kind: 's3' as const, target, credentials: await credentialsFor(target), key: KEY };
      started = performance.now();
      await openOmeZarr(location);
      lines.push(`metadata (zarrita's open of the group and its ${keys.filter((key) => key.endsWith('.zarray')).length} arrays, no cache): ${ms(started).toFixed(0)} ms`);
      const reader = new LevelReader();
      started = performance.now();
      await reader.open(location);
      lines.push(`level reader thread started (from source, through tsx: browser mode starts its bundle), the metadata read there: ${ms(started).toFixed(0)} ms`);
      await reader.close();
      const bare = new S3ZarrStore(target, location.credentials, KEY);
      const level0 = (JSON.parse(await readFile(join(store, '.zattrs'), 'utf8')) as { multiscales: { datasets: { path: string }[] }[] }).multiscales[0]!.datasets[0]!.path;
      const zarray = JSON.parse(await readFile(join(store, level0, '.zarray'), 'utf8')) as { chunks: number[]; dimension_separator?: string };
      const [cz, cy, cx] = zarray.chunks as [number, number, number];
      const sep = zarray.dimension_separator ?? '.';
      const gz = Math.floor(Math.floor(dims[2] / 2) / cz);
      const chunkKeys: `/${string}`[] = [];
      for (let gy = 0; gy < Math.ceil(dims[1] / cy); gy++) for (let gx = 0; gx < Math.ceil(dims[0] / cx); gx++) chunkKeys.push(`/${level0}/${[gz, gy, gx].join(sep)}`);
      const fetched: Uint8Array[] = [];
      for (const width of [16, 32, 64, 128]) {
        started = performance.now();
        const took = await timed(chunkKeys.map((key, i) => async () => (fetched[i] = (await bare.get(key)) ?? new Uint8Array())), width);
        const wall = ms(started);
        const bytes = fetched.reduce((sum, chunk) => sum + chunk.length, 0);
        lines.push(`GET ${chunkKeys.length} chunks, ${width} in flight: ${wall.toFixed(0)} ms, ${(bytes / 2 ** 20).toFixed(1)} MiB (${((bytes / 2 ** 20) / (wall / 1000)).toFixed(0)} MB/s), per request median ${median(took).toFixed(1)} ms, max ${Math.max(...took).toFixed(1)} ms`);
      }
      started = performance.now();
      let inflated = 0;
      for (const chunk of fetched) if (chunk.length) inflated += inflateSync(chunk).length;
      lines.push(`inflate (node:zlib, one thread): ${ms(started).toFixed(0)} ms for ${(inflated / 2 ** 20).toFixed(0)} MiB`);
      started = performance.now();
      await Promise.all(fetched.filter((chunk) => chunk.length).map((chunk) => promisify(inflate)(chunk)));
      lines.push(`inflate (node:zlib async, default 16 KiB steps, libuv's ${process.env.UV_THREADPOOL_SIZE ?? 4} threads): ${ms(started).toFixed(0)} ms`);
      const native = loadNativeKernels();
      if (native) {
        started = performance.now();
        await Promise.all(fetched.filter((chunk) => chunk.length).map((chunk) => native.inflateZlib(chunk, new Uint8Array(2 * cx * cy * cz))));
        lines.push(`inflate (the addon's libdeflate on libuv's threads): ${ms(started).toFixed(0)} ms`);
      }
      const cacheDir = await mkdtemp(join(tmpdir(), 'voxbench-bench-chunks-'));
      for (const width of [16, 64]) {
        await rm(cacheDir, { recursive: true, force: true });
        const cached = new ChunkCache(bare, { dir: cacheDir, maxBytes: 2 ** 31 }, KEY);
        started = performance.now();
        await timed(chunkKeys.map((key) => () => cached.get(key)), width);
        const read = ms(started);
        await chunkCacheWritten();
        lines.push(`GET through the on-disk cache (cold), ${width} in flight: ${read.toFixed(0)} ms (on disk ${ms(started).toFixed(0)} ms after)`);
      }
      started = performance.now();
      const cached = new ChunkCache(bare, { dir: cacheDir, maxBytes: 2 ** 31 }, KEY);
      await timed(chunkKeys.map((key) => () => cached.get(key)), 16);
      await chunkCacheWritten();
      lines.push(`the same from the on-disk cache (warm): ${ms(started).toFixed(0)} ms`);
      await rm(cacheDir, { recursive: true, force: true });
    }

    // (2) Browser mode as a user starts it (`voxbench serve` from dist/, its bundled workers), driven as the page
    // drives it: volume.open over its WebSocket, slices over /data/; a fresh chunk cache per axis.
    for (const axis of [2, 1, 0]) {
      await timeInPlace(`s3://direct/${KEY}`, axis, async (times) => {
        const raw = join(dc.scratch, `${axis}.raw`);
        execFileSync(python, ['-c', H5PY_SLICE, h5, raw, String(axis), String(times.centre)]);
        lines.push(`${describeTimes(times, axis)}; equal to h5py's: ${Buffer.compare(Buffer.from(times.firstSlice), await readFile(raw)) === 0}`);
      });
    }
  } finally {
    lines.push(`load average at end ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
    console.log(lines.join('\n'));
    await dc.close();
  }
}

const [command, path, ...sides] = process.argv.slice(2);
if (command === 'make' && path && sides.length === 3) writePhantomH5(path, sides.map(Number) as [number, number, number]);
else if (command === 'run' && path) await run(path, sides[0] === 'open');
else throw new Error('usage: inPlaceSlice.ts make FILE.h5 NX NY NZ | inPlaceSlice.ts run FILE.h5 [open]');
