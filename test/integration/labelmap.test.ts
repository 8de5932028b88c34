// The bricked labelmap against a plain array holding the same writes: boxes across brick borders read back
// equal, bricks of one value cost nothing, deflated bricks read back equal, and swap undoes writes.
import { expect, test } from 'vitest';
import { Labelmap, type Frozen } from '../../electron/services/segment/labelmap';
import { readBox, wholeBox, writeBox } from '../../electron/services/segment/regions';
import type { Region } from '../../electron/common/segmentCalls';
import type { Vec3 } from '../../electron/common/contract';

const dims: Vec3 = [150, 70, 131]; // not whole bricks on any axis
const voxels = dims[0] * dims[1] * dims[2];

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const randomBox = (): Region => {
  const a = dims.map((n) => Math.floor(random() * n));
  const b = dims.map((n) => Math.floor(random() * n));
  return { min: a.map((v, k) => Math.min(v, b[k]!)) as Vec3, max: a.map((v, k) => Math.max(v, b[k]!) + 1) as Vec3 };
};
/** Typed arrays compared as bytes (vitest's toEqual walks a million elements slowly). */
const bytes = (voxels: ArrayBufferView) => Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength).toString('base64');

const fillBox = (box: Region, make: () => number) => Uint8Array.from({ length: (box.max[0] - box.min[0]) * (box.max[1] - box.min[1]) * (box.max[2] - box.min[2]) }, make);

test('random boxes written and read across brick borders equal a plain array, also once most bricks are deflated', async () => {
  const plain = new Uint8Array(voxels);
  const labelmap = new Labelmap(dims, 300_000);
  for (let n = 0; n < 40; n++) {
    const box = randomBox();
    const values = n % 3 === 0 ? fillBox(box, () => n % 5) : fillBox(box, () => Math.floor(random() * 4));
    writeBox(plain, dims, box, values);
    await labelmap.writeBox(box, values);
    expect(labelmap.memory().unpacked).toBeLessThanOrEqual(300_000);
  }
  expect(labelmap.memory().packed).toBeGreaterThan(0);
  for (let n = 0; n < 20; n++) {
    const box = randomBox();
    expect(bytes(await labelmap.readBox(box))).toBe(bytes(readBox(plain, dims, box)));
  }
  expect(bytes(await labelmap.readBox(wholeBox(dims)))).toBe(bytes(plain));
});

test('a brick of one value keeps no voxels; bounds cover the bricks holding a value', async () => {
  const labelmap = new Labelmap(dims, 1 << 30);
  const box: Region = { min: [70, 10, 65], max: [80, 20, 70] };
  await labelmap.writeBox(box, fillBox(box, () => 3));
  expect(labelmap.memory().unpacked).toBe(64 * 64 * 64);
  expect(labelmap.bounds([3])).toEqual({ min: [64, 0, 64], max: [128, 64, 128] });
  expect(labelmap.bounds([2])).toBeNull();
  await labelmap.writeBox(box, fillBox(box, () => 0));
  expect(labelmap.memory()).toEqual({ unpacked: 0, packed: 0 });
  expect(labelmap.bounds()).toBeNull();
  const whole = wholeBox(dims);
  await labelmap.writeBox(whole, fillBox(whole, () => 9));
  expect(labelmap.memory().unpacked).toBe(0);
  expect((await labelmap.readBox(box)).every((v) => v === 9)).toBe(true);
});

test('swap puts changed bricks back and returns the ones it replaced (undo, then redo)', async () => {
  const labelmap = new Labelmap(dims, 100_000);
  const first = randomBox();
  await labelmap.writeBox(first, fillBox(first, () => Math.floor(random() * 3)));
  const before = await labelmap.readBox(wholeBox(dims));
  const saved = new Map<number, Frozen>();
  const second = randomBox();
  await labelmap.writeBox(second, fillBox(second, () => 7), saved);
  const after = await labelmap.readBox(wholeBox(dims));
  const redo = labelmap.swap(saved);
  expect(bytes(await labelmap.readBox(wholeBox(dims)))).toBe(bytes(before));
  labelmap.swap(redo);
  expect(bytes(await labelmap.readBox(wholeBox(dims)))).toBe(bytes(after));
});

test('widening to 16 bits keeps every value, deflated bricks included', async () => {
  const labelmap = new Labelmap(dims, 100_000);
  const box = randomBox();
  const values = fillBox(box, () => Math.floor(random() * 200));
  await labelmap.writeBox(box, values);
  labelmap.widen();
  expect(labelmap.type).toBe('uint16');
  expect(bytes(await labelmap.readBox(box))).toBe(bytes(Uint16Array.from(values)));
  const wide = new Uint16Array([300]);
  await labelmap.writeBox({ min: [1, 1, 1], max: [2, 2, 2] }, wide);
  expect((await labelmap.readBox({ min: [1, 1, 1], max: [2, 2, 2] }))[0]).toBe(300);
});
