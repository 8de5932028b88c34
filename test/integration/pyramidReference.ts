// What python3-zarr and numpy read from an OME-Zarr pyramid: each level's shape, chunks, dtype and SHA-256, whether
// each coarser level is numpy's 2×2×2 block mean of the level above (rounded half up for integers), the OME
// multiscale metadata and the SHA-256 of boxes of levels.
import { execFileSync } from 'node:child_process';
import type { Box } from '../../electron/services/volume/model';

/** numpy's 2×2×2 block mean of a (z, y, x) array, an odd last plane, row or column averaging the voxels it has;
 * integers rounded half up. Python source, for the scripts that check our pyramids. */
export const BLOCK_MEAN = String.raw`
def block_mean(a):
    padding = [(0, side % 2) for side in a.shape]
    sums = np.pad(a.astype(np.float64), padding).reshape(a.shape[0] // 2 + padding[0][1], 2, a.shape[1] // 2 + padding[1][1], 2, -1, 2).sum(axis=(1, 3, 5))
    counts = np.pad(np.ones(a.shape), padding).reshape(sums.shape[0], 2, sums.shape[1], 2, -1, 2).sum(axis=(1, 3, 5))
    mean = sums / counts
    return (np.floor(mean + 0.5) if a.dtype.kind in 'iu' else mean).astype(a.dtype)`;

const PYTHON_CHECK = String.raw`
import hashlib, json, sys
import numpy as np, zarr
store, boxes, above = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
group = zarr.open_group(store, mode='r')
multiscale = group.attrs['multiscales'][0]
arrays = [group[d['path']] for d in multiscale['datasets']]

${BLOCK_MEAN}

# A store that leaves level 0 out (our local cache): its first level is checked against the volume, given raw.
levels, means, previous = [], [], np.fromfile(above['path'], dtype=above['dtype']).reshape(above['shape']) if above else None
for array in arrays:
    a = array[:]
    levels.append({'shape': list(a.shape), 'chunks': list(array.chunks), 'dtype': a.dtype.str, 'sha256': hashlib.sha256(a.tobytes()).hexdigest()})
    if previous is not None:
        expected = block_mean(previous)
        same = np.array_equal(a, expected) if a.dtype.kind in 'iu' else np.allclose(a, expected, rtol=1e-6, atol=1e-6, equal_nan=True)
        means.append(bool(same))
    previous = a
regions = [hashlib.sha256(arrays[b['level']][b['min'][2]:b['max'][2], b['min'][1]:b['max'][1], b['min'][0]:b['max'][0]].tobytes()).hexdigest() for b in boxes]
print(json.dumps({'levels': levels, 'means': means, 'multiscale': multiscale, 'voxbench': group.attrs['voxbench'], 'regions': regions}))
`;

export interface PythonView {
  levels: { shape: number[]; chunks: number[]; dtype: string; sha256: string }[];
  means: boolean[];
  multiscale: { axes: { name: string; unit?: string }[]; datasets: { path: string; coordinateTransformations: { type: string; scale?: number[]; translation?: number[] }[] }[] };
  voxbench: Record<string, unknown>;
  regions: string[];
}

export type LevelBox = Box & { level: number };

/** The level above a store's first one, as a raw file of numpy's dtype (e.g. '<i2') and shape (z, y, x). */
export interface RawLevel {
  path: string;
  dtype: string;
  shape: number[];
}

export function pythonView(store: string, boxes: LevelBox[] = [], above?: RawLevel): PythonView {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYTHON_CHECK, store, JSON.stringify(boxes), JSON.stringify(above ?? null)], { encoding: 'utf8', maxBuffer: 1 << 24 }));
}
