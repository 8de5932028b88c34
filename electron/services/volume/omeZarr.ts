// Writing OME-NGFF 0.4 multiscale images as Zarr v2 on the local disk: Voxbench's pyramid cache (omeZarrOpen.ts
// reads them, and anyone else's, through zarrita). Zarr v2 (not v3) so
// that tools of the zarr 2.x era read it too. Arrays are [z, y, x] in C order, so chunk bytes run x fastest
// like Voxbench's slabs; level n is array "n", chunk files are "n/cz/cy/cx".
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { ChunkWriter, chunkSides, type OnChunkWritten, type WriteQueue } from './chunkWriter.js';
import { indexToWorld, worldToVoxel } from './geometry.js';
import type { VolumeMeta } from './model.js';
import { zyx } from './omeZarrRegion.js';

/** Bumped when the layout changes; a store of another version is not ours to read. */
export const LAYOUT_VERSION = 1;

/** Everything Voxbench knows and OME cannot say (direction, value range, source), kept under `voxbench`. */
export interface PyramidMeta extends VolumeMeta {
  range: [number, number];
}

const ZARR_TYPES: Record<Dtype, string> = { uint8: '|u1', int8: '|i1', uint16: '<u2', int16: '<i2', uint32: '<u4', int32: '<i4', float32: '<f4', float64: '<f8' };

/** What a store says of its scan: a published one (`publishedMeta`) has no local path. */
export type StoredMeta = Omit<PyramidMeta, 'path'> & { path?: string };

/** What a store pushed to the data centre may say of its scan: not where it lay on this machine, nor the DICOM
 * patient and study fields (the de-identification check refuses identifiable series before this). */
export function publishedMeta({ path: _path, dicom: _dicom, ...rest }: PyramidMeta): StoredMeta {
  return rest;
}

/** OME-NGFF unit names of the length units readers report. */
export const OME_UNITS: Record<string, string> = { nm: 'nanometer', µm: 'micrometer', μm: 'micrometer', um: 'micrometer', mm: 'millimeter', cm: 'centimeter', m: 'meter', Å: 'angstrom' };

/** JSON in ASCII: zarr-python 2 decodes metadata files as ASCII, and units like µm are not. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Spacing and origin (world position of voxel 0) of level n, whose voxels each average 2ⁿ per side. */
export function levelGeometry(meta: Pick<VolumeMeta, 'spacing' | 'origin' | 'direction'>, level: number): { spacing: Vec3; origin: Vec3 } {
  const shift = (2 ** level - 1) / 2;
  return { spacing: meta.spacing.map((side) => side * 2 ** level) as Vec3, origin: indexToWorld(meta, [shift, shift, shift]) };
}

/** NGFF 0.4 `image-label`: each label value's display colour (RGBA, 0–255) and name, and the image it labels (a
 * path relative to the label image). */
export interface ImageLabel {
  colors: { 'label-value': number; rgba: [number, number, number, number] }[];
  properties: { 'label-value': number; name: string }[];
  source?: { image: string };
}

const MEAN_METHOD = 'Voxbench 2×2×2 block mean of the level above; integers rounded half up; odd edges average the voxels that exist';
const MODE_METHOD = 'Voxbench 2×2×2 block mode of the level above (ties to the smallest value); odd edges take the voxels that exist';

function omeAttributes(meta: StoredMeta, levels: Vec3[], labels: ImageLabel | undefined, first: number) {
  const unit = OME_UNITS[meta.unit];
  const axes = ['z', 'y', 'x'].map((name) => ({ name, type: 'space', ...(unit ? { unit } : {}) }));
  const datasets = levels.slice(first).map((_, index) => {
    const level = first + index;
    const { spacing, origin } = levelGeometry(meta, level);
    // OME has no rotation: positions are in the frame of the image axes, direction⁻¹ · world (not directionᵀ:
    // a gantry tilt shears the grid, so the direction is not orthonormal).
    const inImageFrame = worldToVoxel({ spacing: [1, 1, 1], origin: [0, 0, 0], direction: meta.direction }, [origin])[0]!.map((v) => v + 0);
    const transforms = [
      { type: 'scale', scale: zyx(spacing) },
      { type: 'translation', translation: zyx(inImageFrame) },
    ];
    return { path: String(level), coordinateTransformations: transforms };
  });
  const [type, method] = labels ? ['mode', MODE_METHOD] : ['mean', MEAN_METHOD];
  return {
    multiscales: [{ version: '0.4', name: meta.name, axes, datasets, type, metadata: { method, version: LAYOUT_VERSION } }],
    ...(labels && { 'image-label': { version: '0.4', ...labels } }),
    voxbench: { version: LAYOUT_VERSION, ...meta },
  };
}

/** zlib (level 1) halves smooth or masked volumes; noisy tomograms shrink ~10 % at ~30 MB/s per core. */
export type Compression = 'zlib' | 'none';

function zarrArray(dims: Vec3, dtype: Dtype, compression: Compression) {
  return {
    zarr_format: 2,
    shape: zyx(dims),
    chunks: zyx(chunkSides(dims)),
    dtype: ZARR_TYPES[dtype],
    compressor: compression === 'zlib' ? { id: 'zlib', level: 1 } : null,
    fill_value: 0,
    order: 'C',
    filters: null,
    dimension_separator: '/',
  };
}

/** Starts a store: the group and one empty array per level from `first` (its path: the level's number);
 * `finishOmeZarr` writes the OME metadata last. `starts`: the slice each level's writer starts at (a build started
 * again over the chunks it kept). */
export async function createOmeZarr(dir: string, dtype: Dtype, levels: Vec3[], queue: WriteQueue, compression: Compression = 'zlib', onChunkWritten?: OnChunkWritten, first = 0, starts: number[] = []): Promise<ChunkWriter[]> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, '.zgroup'), asciiJson({ zarr_format: 2 }));
  return Promise.all(
    levels.slice(first).map(async (dims, index) => {
      const path = join(dir, String(first + index));
      await mkdir(path, { recursive: true });
      await writeFile(join(path, '.zarray'), asciiJson(zarrArray(dims, dtype, compression)));
      return new ChunkWriter(path, dims, dtype, queue, compression === 'zlib', onChunkWritten, starts[first + index]);
    }),
  );
}

export async function finishOmeZarr(dir: string, meta: StoredMeta, levels: Vec3[], labels?: ImageLabel, first = 0): Promise<void> {
  await writeFile(join(dir, '.zattrs'), asciiJson(omeAttributes(meta, levels, labels, first)));
}
