// NRRD (.nrrd, one file, gzip-encoded) in LPS space, as 3D Slicer writes it.
import type { Dtype } from '../../common/contract.js';
import { TYPE_WORDS } from './nrrd.js';
import { madeFrom, writeHeaderAndVoxels, type ImageMeta, type ScanWriter } from './writeScan.js';

const nrrdType = Object.fromEntries(TYPE_WORDS.map(([dtype, [written]]) => [dtype, written])) as Record<Dtype, string>;

const vector = (values: number[]) => `(${values.map((value) => String(value + 0)).join(',')})`;

export function nrrdHeader(meta: ImageMeta, encoding: 'gzip' | 'raw'): string {
  const directions = [0, 1, 2].map((axis) => vector([0, 1, 2].map((row) => meta.direction[row * 3 + axis]! * meta.spacing[axis]!)));
  return [
    'NRRD0004',
    `# written by Voxbench from ${madeFrom(meta)}`,
    `type: ${nrrdType[meta.dtype]}`,
    'dimension: 3',
    'space: left-posterior-superior',
    `sizes: ${meta.dims.join(' ')}`,
    `space directions: ${directions.join(' ')}`,
    'kinds: domain domain domain',
    'endian: little',
    `encoding: ${encoding}`,
    `space origin: ${vector(meta.origin)}`,
    ...(meta.unit === 'voxel' ? [] : [`space units: ${meta.dims.map(() => `"${meta.unit}"`).join(' ')}`]),
    '',
    '',
  ].join('\n');
}

export const nrrdWriter: ScanWriter = {
  format: 'nrrd',
  extensions: ['.nrrd'],
  write: (path, source) => writeHeaderAndVoxels(path, new TextEncoder().encode(nrrdHeader(source.meta, 'gzip')), source, 'voxels'),
};
