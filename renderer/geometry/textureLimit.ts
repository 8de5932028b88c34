// The GPU holds a 3D texture only up to MAX_3D_TEXTURE_SIZE voxels per axis (often 2048, sometimes 256 on
// small GPUs): a larger volume is subsampled for the 3D view, and the view says so. Pure.
import type { Vec3, VolumeInfo } from '../../electron/common/contract';

/** The smallest whole step per axis that brings every axis within `limit` voxels. */
export function textureStep(dims: Vec3, limit: number): number {
  return Math.max(1, ...dims.map((n) => Math.ceil(n / limit)));
}

/** Every `step`-th voxel along each axis (x fastest), and the grid those voxels lie on. */
export function subsample(
  info: Pick<VolumeInfo, 'dims' | 'spacing'>,
  values: ArrayLike<number>,
  step: number,
): { dims: Vec3; spacing: Vec3; values: Float64Array } {
  const [nx, ny] = info.dims;
  const dims = info.dims.map((n) => Math.ceil(n / step)) as Vec3;
  // The same typed array type as the input (typed as Float64Array for brevity).
  const out = new (values.constructor as Float64ArrayConstructor)(dims[0] * dims[1] * dims[2]);
  let at = 0;
  for (let z = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      const row = (z * step * ny + y * step) * nx;
      for (let x = 0; x < dims[0]; x++) out[at++] = values[row + x * step]!;
    }
  }
  return { dims, spacing: info.spacing.map((s) => s * step) as Vec3, values: out };
}
