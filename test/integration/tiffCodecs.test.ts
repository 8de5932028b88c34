// TIFF deflate strips inflated by the addon's libdeflate (tiffCodecs.ts), Node's zlib taking over where a stream is
// not whole: against Python's zlib and tifffile, on both paths (the addon, and VOXBENCH_KERNELS=typescript).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { loadNativeKernels } from '../../electron/services/segment/kernels/native';
import { slabs } from '../../electron/services/volume/model';

/** Bytes, their zlib stream (Python's zlib, level 6), and a deflate TIFF stack with tifffile's digest of its voxels. */
const MAKE = String.raw`
import base64, hashlib, json, sys, zlib, numpy as np, tifffile
rng = np.random.default_rng(5)
raw = (np.arange(40000) % 251 + rng.integers(0, 3, 40000)).astype(np.uint8).tobytes()
data = (rng.integers(0, 700, size=(9, 70, 90)) + np.arange(90)).astype(np.uint16)
tifffile.imwrite(sys.argv[1], data, compression="zlib", rowsperstrip=8, photometric="minisblack")
print(json.dumps({"raw": base64.b64encode(raw).decode(), "stream": base64.b64encode(zlib.compress(raw, 6)).decode(),
                  "tiff": hashlib.sha256(tifffile.imread(sys.argv[1]).tobytes()).hexdigest()}))`;

let made: { raw: Buffer; stream: Buffer; tiff: string; path: string };
beforeAll(async () => {
  execFileSync(process.execPath, ['build/native.mjs'], { stdio: 'inherit' });
  const path = join(await mkdtemp(join(tmpdir(), 'voxbench-tiff-')), 'stack.tif');
  const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', MAKE, path], { encoding: 'utf8' })) as { raw: string; stream: string; tiff: string };
  made = { raw: Buffer.from(out.raw, 'base64'), stream: Buffer.from(out.stream, 'base64'), tiff: out.tiff, path };
}, 180_000);

test("the addon inflates Python's zlib stream to its bytes, and refuses one cut short, damaged or longer than its output", async () => {
  const inflate = async (stream: Uint8Array, capacity: number) => {
    const output = new Uint8Array(capacity);
    const written = await loadNativeKernels()!.inflateZlib(stream, output);
    return written < 0 ? written : Buffer.from(output.subarray(0, written));
  };
  expect(await inflate(made.stream, made.raw.length)).toEqual(made.raw);
  expect(await inflate(made.stream, made.raw.length + 100)).toEqual(made.raw); // a last strip holds fewer rows
  expect(await inflate(made.stream.subarray(0, made.stream.length >> 1), made.raw.length)).toBe(-1);
  const damaged = Buffer.from(made.stream);
  damaged[damaged.length - 1]! ^= 0xff; // its Adler-32
  expect(await inflate(damaged, made.raw.length)).toBe(-1);
  expect(await inflate(made.stream, made.raw.length - 1)).toBe(-2);
});

describe.each(['native', 'typescript'] as const)('%s inflate', (backend) => {
  test("a deflate TIFF stack's voxels are tifffile's", async () => {
    process.env.VOXBENCH_KERNELS = backend === 'typescript' ? 'typescript' : '';
    vi.resetModules();
    const { openScan } = await import('../../electron/services/io/registry.js');
    process.env.VOXBENCH_KERNELS = '';
    const source = await openScan(made.path);
    const hash = createHash('sha256');
    for await (const slab of slabs(source)) hash.update(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength));
    await source.close();
    expect(hash.digest('hex')).toBe(made.tiff);
  });
});
