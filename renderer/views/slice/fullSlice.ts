// Large volumes keep a coarse pyramid level in memory; the slice on screen is fetched at full resolution
// from the slice route and drawn over it. A slice is a one-voxel-thick image on the full volume's grid.
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import { useEffect, useMemo, useState } from 'react';
import type { Vec3, VolumeInfo } from '../../../electron/common/contract';
import { routes } from '../../../electron/common/routes';
import { client } from '../../client/client';
import { voxelArray } from '../../client/voxels';
import { slicesArrived, useVolumes, type ShownVolume } from '../../state/volumes';
import { indexToWorld } from '../../geometry/sliceGeometry';
import { toImageData } from '../vtkImage';
import { SliceFetches } from './sliceFetches';
import { span } from '../../state/timeline';

export interface FullSlice {
  volumeId: string;
  axis: number;
  index: number;
  /** The slice's grid: the full volume's, one voxel thick along `axis`, starting at slice `index`. */
  grid: VolumeInfo;
  image: vtkImageData;
  values: ArrayLike<number>;
}

/** Waits this long after the last slice change before fetching: scrolling through slices fetches only where it stops
 * (a volume's first slice is fetched at once: the views make no WebGL context before it is drawn). */
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
  const fetched = span(`full slice ${'xyz'[axis]}=${index} fetch`);
  const response = await fetch(client().dataUrl(routes.volumeSlice.path({ volumeId: full.id, axis, index })), { signal });
  if (!response.ok) throw new Error(`${full.name}: slice ${index} across axis ${axis}: the host answered ${response.status} ${await response.text()}`);
  const grid = sliceGrid(full, axis, index);
  const values = voxelArray(grid, await response.arrayBuffer());
  fetched();
  return { volumeId: full.id, axis, index, grid, image: toImageData(grid, values), values };
}

/** The slices beside `index` inside the volume, fetched after it. */
const neighboursOf = (full: VolumeInfo, axis: number, index: number) => [index + 1, index - 1].filter((neighbour) => neighbour >= 0 && neighbour < full.dims[axis]!);

/**
 * The full-resolution slice `index` across `axis` while a coarser level is shown; undefined while it loads
 * (the coarse level stays on screen) and for volumes shown at full resolution already. Only the slice last asked
 * for is fetched (stale fetches aborted), its neighbours after it.
 */
export function useFullSlice(volume: ShownVolume | undefined, axis: number | undefined, index: number): FullSlice | undefined {
  const [loaded, setLoaded] = useState<FullSlice>();
  const wanted = volume && volume.level > 0 && axis !== undefined;
  const full = volume?.full;
  const fetches = useMemo(() => (wanted && full ? new SliceFetches((at, signal) => fetchFullSlice(full, axis, at, signal), undefined, slicesArrived) : undefined), [wanted, full, axis]);
  useEffect(() => () => fetches?.abortAll(), [fetches]);
  useEffect(() => {
    if (!fetches || !full || axis === undefined) return;
    const neighbours = neighboursOf(full, axis, index);
    const arrived = fetches.ready(index);
    if (arrived) {
      setLoaded(arrived);
      void fetches.want(index, neighbours).catch(() => undefined);
      return;
    }
    const { sliceLoading, fail } = useVolumes.getState();
    let current = true;
    sliceLoading(1);
    let counted = true;
    const done = () => counted && ((counted = false), sliceLoading(-1));
    const fetchNow = () =>
      void fetches
        .want(index, neighbours)
        .then((slice) => current && setLoaded(slice))
        .catch((error: Error) => error.name !== 'AbortError' && current && fail(error))
        .finally(done);
    const timer = fetches.asked ? setTimeout(fetchNow, SETTLE_MS) : void fetchNow();
    return () => {
      current = false;
      clearTimeout(timer);
      done();
    };
  }, [fetches, full, axis, index]);
  const current = wanted && loaded && loaded.volumeId === volume.full.id && loaded.axis === axis && loaded.index === index;
  return current ? loaded : undefined;
}
