// The volume model every reader yields: metadata plus z-slabs of voxels, so no reader has to hold a
// whole volume at once.
import type { Dtype, Vec3, VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';

export type VoxelArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export type VolumeMeta = Omit<VolumeInfo, 'id' | 'voxels' | 'range' | 'levels'>;

/** A box of voxel indices: `min` included, `max` excluded, [x, y, z]. */
export interface Box {
  min: Vec3;
  max: Vec3;
}

export interface VolumeSource {
  meta: VolumeMeta;
  /** Voxels of slices z0 … z0+count-1, x fastest, typed as meta.dtype. A reader may fill `into` (of that length) and
   * return it rather than a fresh array: a caller that reuses its slabs spares the OS zeroing fresh memory for each. */
  readSlab(z0: number, count: number, into?: VoxelArray): Promise<VoxelArray>;
  /** Voxels of a box, x fastest; readers that can read less than whole slabs (chunked HDF5) provide it. */
  readRegion?(box: Box): Promise<VoxelArray>;
  /** The storage chunk shape [x, y, z] of a reader that decodes whole chunks (chunked HDF5): region reads cache them. */
  chunks?: Vec3;
  /** Its slices are compressed one by one (DICOM frames, TIFF pages): disjoint runs of slices decode in parallel threads. */
  compressedSlices?: boolean;
  /** Its reads decode on native threads of their own, straight into the slab, leaving this thread free but for reads of
   * a few chunks (chunked HDF5 through the addon): decoder threads in front of it would only add a copy of every voxel. */
  decodesOnThreads?: boolean;
  close(): Promise<void>;
}

const arrayTypes = {
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  uint32: Uint32Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

export function bytesPerVoxel(dtype: Dtype): number {
  return arrayTypes[dtype].BYTES_PER_ELEMENT;
}

export function voxelArray(dtype: Dtype, buffer: ArrayBuffer, byteOffset = 0, length?: number): VoxelArray {
  return new arrayTypes[dtype](buffer, byteOffset, length);
}

/** Slices per slab so one slab stays near `targetBytes` (h5wasm fails on single reads over ~1 GiB). */
export function slabDepth(meta: Pick<VolumeMeta, 'dims' | 'dtype'>, targetBytes = 64 << 20): number {
  const sliceBytes = meta.dims[0] * meta.dims[1] * bytesPerVoxel(meta.dtype);
  return Math.max(1, Math.min(meta.dims[2], Math.floor(targetBytes / sliceBytes)));
}

/**
 * Walks the whole volume slab by slab. With `into` (the whole volume's length) each slab is asked to fill its own place
 * there: a slab that did (its buffer is into's) needs no copy.
 */
export async function* slabs(source: VolumeSource, into?: VoxelArray): AsyncGenerator<VoxelArray> {
  // Whole chunk layers where they fit the target: a slab ending inside a layer has that layer's chunks decoded twice.
  const target = slabDepth(source.meta);
  const layer = source.chunks?.[2] ?? target + 1;
  const depth = layer <= target ? target - (target % layer) : target;
  const nz = source.meta.dims[2];
  const slice = source.meta.dims[0] * source.meta.dims[1];
  const read = (z0: number) => {
    const count = Math.min(depth, nz - z0);
    return source.readSlab(z0, count, into?.subarray(z0 * slice, (z0 + count) * slice));
  };
  // The next slab is read while the caller works on this one (native readers decode on threads of their own).
  let next = read(0);
  try {
    for (let z0 = 0; z0 < nz; z0 += depth) {
      const slab = await next;
      if (z0 + depth < nz) next = read(z0 + depth);
      yield slab;
    }
  } finally {
    next.catch(() => undefined); // a caller that stopped early does not want the slab read ahead, nor its error
  }
}

export interface ValueStats {
  min: number;
  max: number;
  mean: number;
}

/** Min, max and mean of all finite voxel values, in one pass over the slabs; progress in slices read. */
export async function valueStats(source: VolumeSource, onProgress?: (slices: number) => void): Promise<ValueStats> {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  let slices = 0;
  for await (const slab of slabs(source)) {
    slices += slab.length / (source.meta.dims[0] * source.meta.dims[1]);
    onProgress?.(slices);
    for (let i = 0; i < slab.length; i++) {
      const value = slab[i]!;
      if (!Number.isFinite(value)) continue;
      if (value < min) min = value;
      if (value > max) max = value;
      sum += value;
      count++;
    }
  }
  return count ? { min, max, mean: sum / count } : { min: 0, max: 0, mean: NaN };
}

/** Voxels of a box: through the reader's own region read, else cut from the slabs that cover it. */
export async function readRegion(source: VolumeSource, box: Box): Promise<VoxelArray> {
  const { min, max } = box;
  const { dims, dtype } = source.meta;
  if (min.some((value, axis) => value < 0 || value >= max[axis]! || max[axis]! > dims[axis]!)) {
    throw new VoxbenchError('BadRegion', `${source.meta.name}: [${min}] … [${max}] is not a box inside ${dims.join('×')}.`);
  }
  if (source.readRegion) return source.readRegion(box);
  const [width, height] = [max[0] - min[0], max[1] - min[1]];
  const region = voxelArray(dtype, new ArrayBuffer(width * height * (max[2] - min[2]) * bytesPerVoxel(dtype)));
  const depth = slabDepth(source.meta);
  for (let z0 = min[2]; z0 < max[2]; z0 += depth) {
    const count = Math.min(depth, max[2] - z0);
    const slab = await source.readSlab(z0, count);
    for (let z = 0; z < count; z++) {
      for (let y = 0; y < height; y++) {
        const from = (z * dims[1] + min[1] + y) * dims[0] + min[0];
        region.set(slab.subarray(from, from + width), ((z0 - min[2] + z) * height + y) * width);
      }
    }
  }
  return region;
}

/** A volume already in memory, as a source (the generated phantom, tests). */
export function memorySource(meta: VolumeMeta, voxels: VoxelArray): VolumeSource {
  const sliceLength = meta.dims[0] * meta.dims[1];
  return {
    meta,
    readSlab: async (z0, count) => voxels.slice(z0 * sliceLength, (z0 + count) * sliceLength),
    close: async () => undefined,
  };
}
