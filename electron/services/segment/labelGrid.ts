// A labelmap file belongs on its volume's grid: the same voxel counts, voxel size, origin and axes. Only the
// counts would let a file of the right size but another voxel size or placement import silently misplaced.
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { VolumeMeta } from '../volume/model.js';

/** Up to a thousandth of a voxel: what float32 headers and text formats round away. */
const TOLERANCE = 1e-3;

const listed = (values: readonly number[]) => values.map((v) => +v.toFixed(4)).join(', ');

export function checkLabelGrid(name: string, file: Pick<VolumeMeta, 'dims' | 'spacing' | 'origin' | 'direction'>, volume: VolumeInfo): void {
  const wrong = (what: string) => new VoxbenchError('GridMismatch', `${name} ${what}: a labelmap must be on the volume's grid.`);
  if (file.dims.some((n, k) => n !== volume.dims[k])) throw wrong(`is ${file.dims.join('×')} but ${volume.name} is ${volume.dims.join('×')}`);
  if (file.spacing.some((mm, k) => Math.abs(mm - volume.spacing[k]!) > TOLERANCE * volume.spacing[k]!)) throw wrong(`has voxel spacing (${listed(file.spacing)}) but ${volume.name} has (${listed(volume.spacing)})`);
  const smallest = Math.min(...volume.spacing);
  if (file.origin.some((at, k) => Math.abs(at - volume.origin[k]!) > TOLERANCE * smallest)) throw wrong(`has its origin at (${listed(file.origin)}) but ${volume.name} at (${listed(volume.origin)})`);
  if (file.direction.some((d, i) => Math.abs(d - volume.direction[i]!) > TOLERANCE)) throw wrong(`has axis directions (${listed(file.direction)}) but ${volume.name} has (${listed(volume.direction)})`);
}
