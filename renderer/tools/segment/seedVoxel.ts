// The voxel a world point falls in, clamped to the volume: where a click places a seed.
import type { Vec3, VolumeInfo } from '../../../electron/common/contract';
import { worldToIndex } from '../../geometry/sliceGeometry';

export function seedVoxel(volume: VolumeInfo, world: Vec3): Vec3 {
  return worldToIndex(volume, world).map((c, k) => Math.min(volume.dims[k]! - 1, Math.max(0, Math.round(c)))) as Vec3;
}
