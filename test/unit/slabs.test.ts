// Slabs of a chunked source hold whole chunk layers where they fit, so no layer is decoded twice; from first principles:
// a 2048² uint16 slice is 8 MiB, so the 64 MiB slab target is 8 slices.
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { slabs, type VolumeSource } from '../../electron/services/volume/model';

async function walk(chunks?: Vec3): Promise<[number, number][]> {
  const asked: [number, number][] = [];
  const meta = { name: 'big', path: '/big', format: 'test', dims: [2048, 2048, 100], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dtype: 'uint16', storedType: 'uint16', unit: 'mm' };
  const source = { meta, ...(chunks && { chunks }), readSlab: async (z0: number, count: number) => (asked.push([z0, count]), new Uint16Array(0)), close: async () => undefined } as unknown as VolumeSource;
  for await (const slab of slabs(source)) expect(slab.length).toBe(0);
  return asked;
}

describe('slabs', () => {
  it('an unchunked source: 8-slice slabs, the last one short', async () => {
    const asked = await walk();
    expect(asked.slice(0, 2)).toEqual([[0, 8], [8, 8]]);
    expect(asked.at(-1)).toEqual([96, 4]);
  });

  it('chunk layers of 5 slices: slabs of 5 (not 8, which would cut every other layer)', async () => {
    expect(await walk([64, 64, 5])).toEqual(Array.from({ length: 20 }, (_, i) => [5 * i, 5]));
  });

  it('with the whole volume to fill, each slab is asked to fill its own place there', async () => {
    const meta = { name: 'small', dims: [4, 3, 10], dtype: 'uint16' };
    const into = new Uint16Array(4 * 3 * 10);
    const places: [number, number][] = [];
    const source = {
      meta,
      chunks: [4, 3, 5],
      readSlab: async (z0: number, count: number, place?: Uint16Array) => (places.push([place!.byteOffset, place!.length]), place!.fill(z0 + count)),
      close: async () => undefined,
    } as unknown as VolumeSource;
    for await (const slab of slabs(source, into)) expect(slab.buffer).toBe(into.buffer);
    expect(places).toEqual([[0, 120]]);
    expect(into.every((v) => v === 10)).toBe(true);
  });

  it('chunk layers deeper than the target: the target as before (a slab stays within 64 MiB)', async () => {
    const asked = await walk([64, 64, 16]);
    expect(asked.slice(0, 2)).toEqual([[0, 8], [8, 8]]);
    expect(asked.at(-1)).toEqual([96, 4]);
  });
});
