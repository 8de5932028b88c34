// The volume model every reader yields: metadata plus z-slabs of voxels, so no reader has to hold a
// whole volume at once.
import type { Dtype, VolumeInfo } from '../contract.js';

export type VoxelArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export type VolumeMeta = Omit<VolumeInfo, 'id' | 'voxels' | 'range'>;

export interface VolumeSource {
  meta: VolumeMeta;
  /** Voxels of slices z0 … z0+count-1, x fastest, typed as meta.dtype. */
  readSlab(z0: number, count: number): Promise<VoxelArray>;
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

/** Walks the whole volume slab by slab. */
export async function* slabs(source: VolumeSource): AsyncGenerator<VoxelArray> {
  const depth = slabDepth(source.meta);
  for (let z0 = 0; z0 < source.meta.dims[2]; z0 += depth) {
    yield await source.readSlab(z0, Math.min(depth, source.meta.dims[2] - z0));
  }
}

export interface ValueStats {
  min: number;
  max: number;
  mean: number;
}

/** Min, max and mean of all finite voxel values, in one pass over the slabs. */
export async function valueStats(source: VolumeSource): Promise<ValueStats> {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for await (const slab of slabs(source)) {
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
