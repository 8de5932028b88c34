// HDF5 labelmaps that keep their segment table, so a Python user needs h5py alone: hdf5Write.ts's NeXus layout
// (labels at /entry/data/data, axes z, y, x) plus /entry/segments with `value` (uint16), `name` (UTF-8) and
// `color` (uint8, N × 3), and attributes on the labels dataset that name the convention and the grid.
import { basename } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { loadH5 } from '../io/hdf5.js';
import { hdf5Writer } from '../io/hdf5Write.js';
import { writeAtomically } from '../io/writeScan.js';
import type { VolumeSource } from '../volume/model.js';
import type { SegmentInfo } from '../../common/segmentCalls.js';
import { defaultColor } from './table.js';

type Rgb = [number, number, number];
type NamedSegments = Map<number, { name: string; color: Rgb }>;

const LABELS = '/entry/data/data';
const TABLE = '/entry/segments';
const HDF5_LABELMAP_CONVENTION = 'voxbench-labelmap-1';

export const isHdf5Path = (path: string) => ['.h5', '.hdf5', '.nxs'].some((extension) => path.toLowerCase().endsWith(extension));

/** What a reader of the file sees on the labels dataset, spelled out once. */
const description =
  `Voxel values are segment label values (0 = background); ${TABLE} holds each segment's value, name and color (RGB 0-255), row n describing one segment. ` +
  'Array axes are (z, y, x). spacing and origin are given x, y, z in grid_unit, world LPS; direction is row-major 3x3, its column j the world direction of index axis j.';

/** Writes `source` (the labelmap) with hdf5Write's layout, then the segment table and the convention beside it. */
export async function writeHdf5Labelmap(path: string, source: VolumeSource, segments: Pick<SegmentInfo, 'value' | 'name' | 'color'>[]): Promise<void> {
  const { spacing, origin, direction, unit } = source.meta;
  await writeAtomically(path, async (temporary) => {
    await hdf5Writer.write(temporary, source);
    const h5wasm = await loadH5();
    const file = new h5wasm.File(temporary, 'a');
    try {
      const table = file.create_group(TABLE);
      table.create_attribute('NX_class', 'NXcollection');
      table.create_dataset({ name: 'value', data: Uint16Array.from(segments, (s) => s.value), shape: [segments.length] });
      table.create_dataset({ name: 'name', data: segments.map((s) => s.name), shape: [segments.length], dtype: 'S' });
      table.create_dataset({ name: 'color', data: Uint8Array.from(segments.flatMap((s) => s.color)), shape: [segments.length, 3] });
      const labels = file.get(LABELS) as InstanceType<typeof h5wasm.Dataset>;
      labels.create_attribute('convention', HDF5_LABELMAP_CONVENTION);
      labels.create_attribute('description', description);
      labels.create_attribute('segment_table', TABLE);
      labels.create_attribute('spacing', Float64Array.from(spacing));
      labels.create_attribute('origin', Float64Array.from(origin));
      labels.create_attribute('direction', Float64Array.from(direction), [3, 3]);
      labels.create_attribute('grid_unit', unit);
    } finally {
      file.close();
    }
  });
}

/** The segment table of an HDF5 labelmap written as above, by label value; empty when the file has none. */
export async function hdf5SegmentTable(path: string): Promise<NamedSegments> {
  const name = basename(path);
  const h5wasm = await loadH5();
  let file: InstanceType<typeof h5wasm.File> | undefined;
  try {
    file = new h5wasm.File(path, 'r');
    const table = file.get(TABLE);
    if (!(table instanceof h5wasm.Group)) return new Map();
    const column = (key: string) => {
      const dataset = table.get(key);
      return dataset instanceof h5wasm.Dataset ? Array.from(dataset.value as ArrayLike<number | string>) : undefined;
    };
    const [values, names, colors] = [column('value'), column('name'), column('color')];
    if (!values || !names || values.length !== names.length || (colors && colors.length !== 3 * values.length)) {
      throw new VoxbenchError('CorruptFile', `${name}: ${TABLE} needs 'value' and 'name' of equal length (and 'color' N × 3); it has ${values?.length ?? 'no'} values, ${names?.length ?? 'no'} names, ${colors ? colors.length / 3 : 'no'} colours.`);
    }
    return new Map(values.map((value, n) => [Number(value), { name: String(names[n]), color: (colors ? (colors.slice(3 * n, 3 * n + 3).map(Number) as Rgb) : defaultColor(Number(value))) }]));
  } catch (error) {
    if (error instanceof VoxbenchError) throw error;
    throw new VoxbenchError('CorruptFile', `${name}: its segment table ${TABLE} cannot be read: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    file?.close();
  }
}
