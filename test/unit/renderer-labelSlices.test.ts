// A view's label slices against a small HTTP server that answers as the box route does (bytes, revision in
// X-Voxbench-Revision) and holds each answer until the test lets it go, so the races are played in a fixed order:
// a response read before a change to its slice never lands, changes elsewhere keep a slice, a stale one stays on
// screen until its fresh copy lands.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { LabelSliceCache } from '../../renderer/state/labelSlices';

const dims: Vec3 = [4, 3, 2];
/** Requests waiting for an answer, by path. */
const held: { path: string; answer(revision: number, bytes: Uint8Array): void }[] = [];
let base = '';
const server = createServer((request, response: ServerResponse) => {
  held.push({
    path: request.url!,
    answer: (revision, bytes) => response.writeHead(200, { 'X-Voxbench-Revision': String(revision), 'Content-Length': bytes.byteLength }).end(bytes),
  });
});
beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())).then(() => (base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

const dataUrl = (path: string) => `${base}/${path}`;
const until = async (ready: () => boolean) => {
  for (let n = 0; n < 200 && !ready(); n++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(ready()).toBe(true);
};

function cache() {
  let updates = 0;
  const errors: string[] = [];
  const made = new LabelSliceCache(dataUrl, 'v1', dims, () => updates++, (error) => errors.push(error));
  return { cache: made, updates: () => updates, errors };
}

describe('label slices of one view', () => {
  test('a slice is fetched as the box one voxel deep, and its bytes say uint8 or uint16', async () => {
    const { cache: slices, updates } = cache();
    slices.want(0, 2);
    await until(() => held.length === 1);
    const request = held.pop()!;
    expect(request.path).toBe('/segment/v1/labels/2/0/0/3/3/2');
    request.answer(5, new Uint8Array(new Uint16Array([1, 2, 3, 4, 5, 300]).buffer));
    await until(() => updates() === 1);
    const slice = slices.shown(0, 2)!;
    expect(slice).toMatchObject({ axis: 0, index: 2, dims: [1, 3, 2], revision: 5 });
    expect([...slice.values]).toEqual([1, 2, 3, 4, 5, 300]);
    slices.want(0, 2); // kept: no request
    slices.want(0, 4); // past the volume's 4 columns: no request
    slices.want(0, 3); // the last column
    await until(() => held.length === 1);
    const last = held.pop()!;
    expect(last.path).toBe('/segment/v1/labels/3/0/0/4/3/2');
    last.answer(5, new Uint8Array(6));
    await until(() => updates() === 2);
  });

  test('a response read before a change to its slice never lands; the next want asks again', async () => {
    const { cache: slices, updates } = cache();
    slices.want(2, 1);
    await until(() => held.length === 1);
    slices.changed(7, { min: [1, 1, 1], max: [2, 2, 2] });
    held.pop()!.answer(6, new Uint8Array(12).fill(1));
    await until(() => updates() === 1);
    expect(slices.shown(2, 1)).toBeUndefined();
    slices.want(2, 1);
    await until(() => held.length === 1);
    held.pop()!.answer(7, new Uint8Array(12).fill(2));
    await until(() => updates() === 2);
    expect(slices.shown(2, 1)).toMatchObject({ revision: 7, values: new Uint8Array(12).fill(2) });
  });

  test('a change elsewhere keeps a slice (at the new revision); one across it leaves the old copy shown until the fresh one lands', async () => {
    const { cache: slices, updates } = cache();
    slices.want(2, 0);
    await until(() => held.length === 1);
    held.pop()!.answer(3, new Uint8Array(12).fill(1));
    await until(() => updates() === 1);

    slices.changed(4, { min: [0, 0, 1], max: [4, 3, 2] }); // slice z 1 only
    slices.changed(5, null); // the segment table only
    expect(slices.shown(2, 0)!.revision).toBe(5);
    slices.want(2, 0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(held).toEqual([]);

    slices.changed(6, { min: [1, 1, 0], max: [2, 2, 1] });
    expect(slices.shown(2, 0)).toMatchObject({ revision: 5, values: new Uint8Array(12).fill(1) });
    slices.want(2, 0);
    await until(() => held.length === 1);
    held.pop()!.answer(6, new Uint8Array(12).fill(9));
    await until(() => updates() === 2);
    expect(slices.shown(2, 0)).toMatchObject({ revision: 6, values: new Uint8Array(12).fill(9) });
  });
});
