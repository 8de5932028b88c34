// A .nii.gz much larger than a slab opens within bounded memory: its gzip stream is inflated slab by slab,
// never whole. The file is written by nibabel (header) and Python's gzip, slice k holding the value k.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const dir = await mkdtemp(join(tmpdir(), 'voxbench-big-gzip-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** 512 × 512 × 1024 uint16 (512 MiB inflated, about 2 MiB compressed), streamed out slice by slice. */
const WRITE_WITH_NIBABEL = `
import gzip, sys
import nibabel as nib, numpy as np
header = nib.Nifti1Header()
header.set_data_shape((512, 512, 1024)); header.set_data_dtype(np.uint16); header["vox_offset"] = 352
with gzip.open(sys.argv[1], "wb", compresslevel=1) as f:
    header.write_to(f)
    f.write(b"\\0" * (352 - f.tell()))
    for k in range(1024):
        f.write(np.full((512, 512), k, np.uint16).tobytes())
`;

test('a 512 MiB .nii.gz reads slab by slab with its peak memory growing by far less than its size', { timeout: 120_000 }, () => {
  const path = join(dir, 'big.nii.gz');
  execFileSync('/usr/bin/python3', ['-c', WRITE_WITH_NIBABEL, path]);
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'test/integration/largeVolumeSlices.ts', path], { encoding: 'utf8' });
  const { dims, ends, grownMb } = JSON.parse(output) as { dims: number[]; ends: [number, number][]; grownMb: number };
  expect(dims).toEqual([512, 512, 1024]);
  expect(ends).toEqual(Array.from({ length: 1024 }, (_, k) => [k, k]));
  // Inflating whole would take 512 MiB and more; one 64 MiB slab and its buffers stay well under half of it.
  expect(grownMb).toBeLessThan(256);
});
