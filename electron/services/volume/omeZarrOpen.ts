// Opening an OME-Zarr image (NGFF 0.4 on Zarr v2, 0.5 on Zarr v3) from a folder, a URL or a bucket through
// zarrita. Voxbench's own stores carry the full patient geometry under `voxbench`; anyone else's get theirs from
// the NGFF scale and translation of each level (no rotation in NGFF: direction is the identity).
import * as zarr from 'zarrita';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { Box, VolumeSource, VoxelArray } from './model.js';
import { LAYOUT_VERSION, levelGeometry, OME_UNITS, type PyramidMeta, type StoredMeta } from './omeZarr.js';
import { type LevelArray, prefetchNeighbours, readLevelRegion, zyx } from './omeZarrRegion.js';
import { registerZarrCodecs } from './zarrCodecs.js';
import { describeLocation, storeAt, type ZarrLocation } from './zarrStores.js';

export interface PyramidLevel {
  /** Voxels and chunk sides [x, y, z]. */
  dims: Vec3;
  chunks: Vec3;
  /** World geometry of this level's voxel grid. */
  spacing: Vec3;
  origin: Vec3;
}

export interface OmeZarrImage {
  location: ZarrLocation;
  meta: PyramidMeta;
  levels: PyramidLevel[];
  /** The volume level its level 0 is: 1 for our local cache, which leaves the full resolution to the scan itself
   * (its arrays are at paths "1", "2", …), else 0. */
  firstLevel: number;
  /** Voxels of a box of one level, x fastest; reads only the chunks the box meets. */
  readRegion(level: number, box: Box): Promise<VoxelArray>;
  /** One level as a volume of its own, with the spacing and origin of its coarser grid. */
  levelSource(level: number): VolumeSource;
}

/** Reads a level's region elsewhere (the services' LevelReader worker for a main thread). */
export type ReadLevel = (location: ZarrLocation, level: number, box: Box) => Promise<VoxelArray>;

const DTYPES = new Set<string>(['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64']);

interface Transform {
  type: string;
  scale?: number[];
  translation?: number[];
}

interface Multiscale {
  axes?: (string | { name: string; type?: string; unit?: string })[];
  datasets?: { path: string; coordinateTransformations?: Transform[] }[];
  coordinateTransformations?: Transform[];
  name?: string;
}

const bad = (where: string, problem: string) => new VoxbenchError('BadPyramid', `${where}: ${problem}.`);

/** Spacing and origin [x, y, z] from a list of NGFF transforms over the array's axes. */
function applyTransforms(transforms: Transform[] = [], spacing: number[], origin: number[]): void {
  for (const { type, scale, translation } of transforms) {
    if (type === 'scale' && scale) {
      scale.forEach((factor, axis) => {
        spacing[axis]! *= factor;
        origin[axis]! *= factor;
      });
    }
    if (type === 'translation' && translation) translation.forEach((shift, axis) => (origin[axis]! += shift));
  }
}

/** Geometry of each level from NGFF alone: per-level transforms, then the multiscale's own. */
function ngffGeometry(multiscale: Multiscale, rank: number): { spacing: Vec3; origin: Vec3 }[] {
  return multiscale.datasets!.map(({ coordinateTransformations }) => {
    const spacing = Array<number>(rank).fill(1);
    const origin = Array<number>(rank).fill(0);
    applyTransforms(coordinateTransformations, spacing, origin);
    applyTransforms(multiscale.coordinateTransformations, spacing, origin);
    return { spacing: zyx(spacing.slice(-3)) as Vec3, origin: zyx(origin.slice(-3)) as Vec3 };
  });
}

function unitOf(multiscale: Multiscale): string {
  const x = multiscale.axes?.at(-1);
  const ome = typeof x === 'object' ? x.unit : undefined;
  return Object.entries(OME_UNITS).find(([, name]) => name === ome)?.[0] ?? ome ?? '';
}

/** Whole-store failures (missing, not Zarr, not OME) as BadPyramid naming the store. */
async function opening<T>(where: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof VoxbenchError) throw error;
    throw bad(where, `cannot be opened as OME-Zarr (${(error as Error).message})`);
  }
}

export async function openOmeZarr(at: ZarrLocation | string, readLevel?: ReadLevel): Promise<OmeZarrImage> {
  registerZarrCodecs();
  const location: ZarrLocation = typeof at === 'string' ? { kind: 'folder', path: at } : at;
  const where = describeLocation(location);
  const group = await opening(where, async () => zarr.open(await storeAt(location), { kind: 'group' }));
  const attrs = group.attrs as { multiscales?: Multiscale[]; ome?: { multiscales?: Multiscale[] }; voxbench?: StoredMeta & { version?: number } };
  const multiscale = (attrs.ome?.multiscales ?? attrs.multiscales)?.[0];
  if (!multiscale?.datasets?.length) throw bad(where, 'has no NGFF multiscales metadata');
  const arrays = await opening(where, () => Promise.all(multiscale.datasets!.map(({ path }) => zarr.open(group.resolve(path), { kind: 'array' }))));
  const levels: (LevelArray & { dtype: string })[] = arrays.map((array, index) => {
    const name = `${where} level ${multiscale.datasets![index]!.path}`;
    if (array.shape.length < 3) throw bad(name, `it has ${array.shape.length} axes, not the three of a volume`);
    if (!DTYPES.has(array.dtype)) throw bad(name, `its type ${array.dtype} is not one Voxbench shows (${[...DTYPES].join(', ')})`);
    return { array, name, dtype: array.dtype, dims: zyx(array.shape.slice(-3)) as Vec3, chunks: zyx(array.chunks.slice(-3)) as Vec3 };
  });
  const dtype = levels[0]!.dtype as Dtype;
  const ours = attrs.voxbench?.version === LAYOUT_VERSION ? attrs.voxbench : undefined;
  const firstLevel = ours ? Number(multiscale.datasets[0]!.path) : 0;
  if (!(Number.isInteger(firstLevel) && firstLevel >= 0)) throw bad(where, `its first level's path "${multiscale.datasets[0]!.path}" is not a level number`);
  const geometry = ours ? levels.map((_, index) => levelGeometry(ours, firstLevel + index)) : ngffGeometry(multiscale, arrays[0]!.shape.length);
  const local = async (level: number, box: Box) => {
    const voxels = await readLevelRegion(levelAt(level), dtype, box);
    if (location.cache) prefetchNeighbours(levelAt(level), box); // a remote store: the next slices come from memory
    return voxels;
  };
  const read = readLevel ? (level: number, box: Box) => readLevel(location, level, box) : local;
  function levelAt(level: number) {
    const found = levels[level];
    if (!found) throw new VoxbenchError('BadRegion', `${where}: there is no level ${level} (levels 0 … ${levels.length - 1}).`);
    return found;
  }
  const dims = levels[0]!.dims;
  let meta: PyramidMeta;
  if (ours) {
    const { version: _version, ...rest } = ours;
    meta = { ...rest, path: rest.path ?? where }; // a published store keeps no local path: it is where it was opened
    // Each level halves the one above, odd sides rounding up: level n of a side s is ceil(s / 2ⁿ).
    if (meta.dims.some((side, axis) => Math.ceil(side / 2 ** firstLevel) !== dims[axis])) throw bad(where, `level ${firstLevel} is ${dims.join('×')}, the volume ${meta.dims.join('×')}`);
  } else {
    const coarsest = levels.length - 1;
    const voxels = await read(coarsest, { min: [0, 0, 0], max: levels[coarsest]!.dims });
    let [min, max] = [Infinity, -Infinity];
    for (const value of voxels) if (Number.isFinite(value)) [min, max] = [Math.min(min, value), Math.max(max, value)];
    const name = multiscale.name || where.replace(/\/+$/, '').split('/').at(-1)!;
    meta = { name, path: where, format: 'OME-Zarr', dims, ...geometry[0]!, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dtype, storedType: dtype, unit: unitOf(multiscale), range: min <= max ? [min, max] : [0, 0] };
  }
  return omeZarrImage(location, { meta, levels: levels.map(({ dims: levelDims, chunks }, level) => ({ dims: levelDims, chunks, ...geometry[level]! })), firstLevel }, read);
}

/** What a thread needs of an image opened in another (the level worker): plain data, carried in a message. */
export type OmeZarrDescription = Pick<OmeZarrImage, 'meta' | 'levels' | 'firstLevel'>;

/** The image described, its regions read by `read` (this thread's zarrita arrays, or the level worker's). */
export function omeZarrImage(location: ZarrLocation, { meta, levels, firstLevel }: OmeZarrDescription, read: (level: number, box: Box) => Promise<VoxelArray>): OmeZarrImage {
  const where = describeLocation(location);
  return {
    location,
    meta,
    levels,
    firstLevel,
    readRegion: (level, box) => read(level, box),
    levelSource(level) {
      const found = levels[level];
      if (!found) throw new VoxbenchError('BadRegion', `${where}: there is no level ${level} (levels 0 … ${levels.length - 1}).`);
      const { dims: levelDims, spacing, origin } = found;
      return {
        meta: { ...meta, spacing, origin, dims: levelDims, name: `${meta.name} (level ${firstLevel + level})` },
        readSlab: (z0, count) => read(level, { min: [0, 0, z0], max: [levelDims[0], levelDims[1], z0 + count] }),
        readRegion: (box) => read(level, box),
        close: async () => {},
      };
    },
  };
}
