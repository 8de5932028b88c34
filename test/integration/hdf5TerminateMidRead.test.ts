// A reader worker terminated while the native addon decodes for it (a volume closed, browser mode stopping during a
// pyramid build): the addon's async readHdf5Chunks then finishes with its worker gone. The addon is built with
// NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS, so that must not abort the process: terminateMidRead.ts terminates four
// workers at different moments of a whole-volume read of a 512³ bitshuffle-LZ4 file written by h5py, then reads a
// region in a fresh worker, which must equal h5py's read of it. (Built without the flag, the child dies of SIGABRT at
// the second termination: checked by hand on 2026-12-06.)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadNativeKernels } from '../../electron/services/segment/kernels/native.js';

const dir = mkdtempSync(join(tmpdir(), 'voxbench-terminate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 512³ uint16 cube of noise in 64³ bitshuffle-LZ4 chunks; prints h5py's SHA-256 of the region the child reads last. */
const H5PY = `
import hashlib, sys, h5py, hdf5plugin, numpy as np
rng = np.random.default_rng(3)
with h5py.File(sys.argv[1], "w") as f:
    d = f.create_dataset("data", (512, 512, 512), np.uint16, chunks=(64, 64, 64), **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
    for z in range(0, 512, 64):
        d[z:z + 64] = rng.integers(0, 4096, size=(64, 512, 512), dtype=np.uint16)
    print(hashlib.sha256(d[100:300, 50:450, 0:512].tobytes()).hexdigest())`;

test.skipIf(!loadNativeKernels())('terminating workers mid native read leaves the process alive, and the next read right', { timeout: 300_000 }, () => {
  const file = join(dir, 'noise.h5');
  const expected = execFileSync('/usr/bin/python3', ['-c', H5PY, file], { encoding: 'utf8' }).trim();
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/integration/terminateMidRead.ts', file, join(dir, 'cache')], { encoding: 'utf8', timeout: 280_000 });
  expect(child.stderr).not.toContain('terminate called');
  expect({ status: child.status, signal: child.signal }).toEqual({ status: 0, signal: null });
  const lines = child.stdout.trim().split('\n');
  expect(lines.filter((line) => line.startsWith('terminated'))).toHaveLength(4);
  expect(lines.at(-1)).toBe(`region ${expected}`);
});
