// A resumable pyramid build (a publish's staged store) stopped midway goes on from the chunk layers it left whole:
// the source is read again only from the first layer not whole, the kept chunk files are not written again, a chunk
// cut short is rebuilt, and every file ends up byte for byte that of an uninterrupted build (which pyramid.test.ts
// holds to numpy's block means).
import { mkdtemp, readdir, readFile, rm, stat, truncate, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { buildPyramid } from '../../electron/services/volume/pyramid';
import { syntheticSource } from './syntheticSource';

const dims: Vec3 = [300, 260, 250]; // levels 300×260×250 → 150×130×125 → 75×65×63 → 38×33×32; 5×5×4 chunks at level 0
const sliceBytes = dims[0] * dims[1] * 2;
const OLD = new Date('2001-01-01T00:00:00Z');

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name))).sort();
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-resume-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.each([
  [4, undefined],
  [2, '0/1/2/3'],
])('slabs of %i slices, stopped after slice 192, chunk cut short: %s', (depth, cutShort) => {
  test('goes on from the first layer not whole; every file as an uninterrupted build', async () => {
    const whole = join(dir, `whole-${depth}.ome.zarr`); // the chunks' deflate pieces are the slabs': same depth, same bytes
    await buildPyramid(syntheticSource(dims), whole, { slabBytes: depth * sliceBytes });
    const store = join(dir, `resumed-${depth}.ome.zarr`);
    const stop = new AbortController();
    const options = { slabBytes: depth * sliceBytes, resumable: true, signal: stop.signal };
    const onProgress = (done: number) => done >= 192 && stop.abort();
    await expect(buildPyramid(syntheticSource(dims), store, { ...options, onProgress })).rejects.toMatchObject({ kind: 'AbortError' });
    const partial = `${store}.partial`;
    for (const file of await files(partial)) await utimes(join(partial, file), OLD, OLD);
    if (cutShort) await truncate(join(partial, cutShort), (await stat(join(partial, cutShort))).size - 7);

    const reads: number[] = [];
    const reported: string[] = [];
    await buildPyramid(syntheticSource(dims, reads), store, { ...options, signal: undefined, onChunkWritten: (key) => reported.push(key) });
    // Level 0 starts again at its first layer not whole: 192 (layers 0-2 kept), or 64 past the chunk cut short.
    const from = cutShort ? 64 : 192;
    expect(reads[0]).toBe(from);
    expect(Math.min(...reads)).toBe(from);
    const kept: string[] = [];
    for (const file of await files(store)) if ((await stat(join(store, file))).mtimeMs === OLD.getTime()) kept.push(file);
    const level0Kept = kept.filter((file) => file.startsWith('0/'));
    expect(level0Kept.length).toBe(25 * (from / 64));
    expect(level0Kept.every((file) => Number(file.split('/')[1]) < from / 64)).toBe(true);
    if (cutShort) expect(kept).not.toContain(cutShort);
    // Every chunk of the store is reported once to the publish that sends them, kept ones first.
    const chunks = (await files(store)).filter((file) => /^\d+\/\d/.test(file));
    expect([...reported].sort()).toEqual(chunks);
    expect(reported.slice(0, kept.filter((file) => /^\d+\/\d/.test(file)).length).sort()).toEqual(kept.filter((file) => /^\d+\/\d/.test(file)));

    expect(await files(store)).toEqual(await files(whole));
    for (const file of await files(whole)) expect((await readFile(join(store, file))).equals(await readFile(join(whole, file))), file).toBe(true);
    await expect(stat(`${store}.record`)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);
});
