// A volume opening from a PACS shows at once and fills as its slices arrive: the volume on screen is fetched
// again as they do, one fetch at a time (slices arriving during a fetch wait for the next one).
import type { VolumeInfo } from '../../electron/common/contract';
import { fetchVoxels, type Voxels } from '../client/voxels';
import { client } from '../client/client';

interface ArrivalTarget {
  /** The volume on screen, if it is this one (arriving volumes have no pyramid: level 0 is what shows). */
  shownId(): string | undefined;
  showVoxels(info: VolumeInfo, voxels: Voxels): void;
  fail(error: unknown): void;
}

/** The voxels a window is computed from: of a volume still arriving, the slice it came with (the others are fill). */
export function arrivedSample(info: VolumeInfo, voxels: Voxels): Voxels {
  if (!info.arrival) return voxels;
  const sliceVoxels = info.dims[0] * info.dims[1];
  return voxels.subarray(info.arrival.first * sliceVoxels, (info.arrival.first + 1) * sliceVoxels);
}

let latest: VolumeInfo | undefined;
let fetching = false;

/** Fetches the arrived slices of `info` into the views, unless a fetch runs (then the next one takes them). */
export async function refetchArrived(info: VolumeInfo, target: ArrivalTarget): Promise<void> {
  latest = info;
  if (fetching) return;
  fetching = true;
  try {
    while (latest) {
      const next: VolumeInfo = latest;
      latest = undefined;
      if (target.shownId() !== next.id) continue;
      const voxels = await fetchVoxels(client().dataUrl(next.voxels), next, () => undefined);
      if (target.shownId() === next.id) target.showVoxels(next, voxels);
    }
  } catch (error) {
    target.fail(error);
  } finally {
    fetching = false;
  }
}
