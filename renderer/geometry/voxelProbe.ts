// What is under the mouse in a slice view: the voxel index, the position in mm (LPS) and the value, read from
// the voxels the renderer already holds. Pure.
import type { Vec3, VolumeInfo } from '../../electron/common/contract';
import { worldToIndex } from './sliceGeometry';

type Grid = Pick<VolumeInfo, 'dims' | 'spacing' | 'origin' | 'direction'>;

export interface Probe {
  /** Nearest voxel, [i, j, k]. */
  index: Vec3;
  world: Vec3;
  /** Absent outside the volume. */
  value?: number;
  /** Its slice has not arrived from the PACS yet: `value` is the fill, not the patient's. */
  notArrived?: boolean;
}

/** The voxel nearest a world point; `values` are the voxels with i varying fastest. */
export function probe(volume: Grid, values: ArrayLike<number>, world: Vec3): Probe {
  const index = worldToIndex(volume, world).map(Math.round) as Vec3;
  const [nx, ny, nz] = volume.dims;
  const inside = index[0] >= 0 && index[0] < nx && index[1] >= 0 && index[1] < ny && index[2] >= 0 && index[2] < nz;
  if (!inside) return { index, world };
  return { index, world, value: values[index[0] + nx * (index[1] + ny * index[2])]! };
}

/** `found` (a full-resolution index) marked where its slice is one of a PACS series' missing ones. */
export function withArrival(found: Probe, arrival: VolumeInfo['arrival']): Probe {
  const z = found.index[2];
  const missing = found.value !== undefined && arrival?.missing.some(([first, last]) => z >= first && z <= last);
  return missing ? { ...found, notArrived: true } : found;
}

const minus = (text: string) => text.replace('-', '−');

/** Readout lines: '[64, 70, 48]', '−1.50, 9.00, 1.00 mm (LPS)', '200 HU' (or 'not arrived'). */
export function probeLines(found: Probe, unit: string, valueUnit: string | undefined, dtype: VolumeInfo['dtype']): [string, string, string] {
  const position = found.world.map((value) => minus(value.toFixed(Math.abs(value) < 100 ? 2 : 1))).join(', ');
  let value = '—';
  if (found.notArrived) value = 'not arrived';
  else if (found.value !== undefined) {
    const text = dtype.startsWith('float') ? String(+found.value.toPrecision(5)) : String(found.value);
    value = minus(valueUnit ? `${text} ${valueUnit}` : text);
  }
  return [`[${found.index.join(', ')}]`, `${position} ${unit} (LPS)`, value];
}
