// Large volumes keep a coarse pyramid level in memory; the slice on screen is fetched at full resolution
// from the slice route and drawn over it. A slice is a one-voxel-thick image on the full volume's grid.
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import { useEffect, useState } from 'react';
import type { Vec3, VolumeInfo } from '../../../electron/common/contract';
import { routes } from '../../../electron/common/routes';
import { client } from '../../client/client';
import { voxelArray } from '../../client/voxels';
import { useVolumes, type ShownVolume } from '../../state/volumes';
import { indexToWorld } from '../../geometry/sliceGeometry';
import { toImageData } from '../vtkImage';

export interface FullSlice {
  volumeId: string;
  axis: number;
  index: number;
  /** The slice's grid: the full volume's, one voxel thick along `axis`, starting at slice `index`. */
  grid: VolumeInfo;
  image: vtkImageData;
  values: ArrayLike<number>;
}

/** Waits this long after the last slice change before fetching: scrolling through slices fetches only where it stops. */
const SETTLE_MS = 60;

/** The full volume's grid cut down to one slice. */
export function sliceGrid(full: VolumeInfo, axis: number, index: number): VolumeInfo {
  const dims = [...full.dims] as Vec3;
  dims[axis] = 1;
  const start = [0, 0, 0] as Vec3;
  start[axis] = index;
  return { ...full, dims, origin: indexToWorld(full, start) };
}

export async function fetchFullSlice(full: VolumeInfo, axis: number, index: number, signal: AbortSignal): Promise<FullSlice> {
  const response = await fetch(client().dataUrl(routes.volumeSlice.path({ volumeId: full.id, axis, index })), { signal });
  if (!response.ok) throw new Error(`${full.name}: slice ${index} across axis ${axis}: the host answered ${response.status} ${await response.text()}`);
  const grid = sliceGrid(full, axis, index);
  const values = voxelArray(grid, await response.arrayBuffer());
  return { volumeId: full.id, axis, index, grid, image: toImageData(grid, values), values };
}

/**
 * The full-resolution slice `index` across `axis` while a coarser level is shown; undefined while it loads
 * (the coarse level stays on screen) and for volumes shown at full resolution already.
 */
export function useFullSlice(volume: ShownVolume | undefined, axis: number | undefined, index: number): FullSlice | undefined {
  const [loaded, setLoaded] = useState<FullSlice>();
  const wanted = volume && volume.level > 0 && axis !== undefined;
  useEffect(() => {
    if (!wanted) return;
    const { sliceLoading, fail } = useVolumes.getState();
    const abort = new AbortController();
    sliceLoading(1);
    let counted = true;
    const done = () => counted && ((counted = false), sliceLoading(-1));
    const timer = setTimeout(() => {
      fetchFullSlice(volume.full, axis, index, abort.signal)
        .then((slice) => !abort.signal.aborted && setLoaded(slice))
        .catch((error: Error) => error.name !== 'AbortError' && fail(error))
        .finally(done);
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
      done();
    };
  }, [wanted, volume?.full, axis, index]);
  const current = wanted && loaded && loaded.volumeId === volume.full.id && loaded.axis === axis && loaded.index === index;
  return current ? loaded : undefined;
}
