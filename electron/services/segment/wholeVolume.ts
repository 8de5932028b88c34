// A whole volume in one array, read slab by slab: the image the tools read (in shared memory, so workers
// see it without copies) and labelmap files being imported.
import { bytesPerVoxel, slabs, voxelArray, type VolumeSource, type VoxelArray } from '../volume/model.js';

export async function readWholeVolume(source: VolumeSource, shared: boolean): Promise<VoxelArray> {
  const { dims, dtype } = source.meta;
  const bytes = dims[0] * dims[1] * dims[2] * bytesPerVoxel(dtype);
  const voxels = voxelArray(dtype, (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)) as ArrayBuffer);
  let offset = 0;
  for await (const slab of slabs(source, voxels)) {
    if (slab.buffer !== voxels.buffer) voxels.set(slab as never, offset);
    offset += slab.length;
  }
  return voxels;
}
