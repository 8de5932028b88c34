// A volume opening from a PACS shows at once and fills as its slices arrive: each arrived slice of the volume on
// screen is fetched alone (the slice route) and written into the voxels the views hold, one round at a time
// (slices arriving during a round wait for the next). A large series shows a level standing in for the pyramid it
// gets once all have come: there the slice views fetch their slices themselves, told of each round by a new info.
import type { VolumeInfo } from '../../electron/common/contract';
import { routes } from '../../electron/common/routes';
import { client } from '../client/client';
import { voxelArray, type Voxels } from '../client/voxels';

interface ArrivalTarget {
  /** The volume on screen, the level shown and its voxels (a large series shows a level standing in for its pyramid). */
  shown(): { full: VolumeInfo; level: number; voxels: Voxels } | undefined;
  /** Shows the volume with its voxels: the same buffer as before, in a new array so the views draw it again. */
  showVoxels(info: VolumeInfo, voxels: Voxels): void;
  /** Shows the volume's new info over a stand-in level: the slice views fetch their full-resolution slices again. */
  showInfo(info: VolumeInfo): void;
  fail(error: unknown): void;
}

/** The voxels a window is computed from: of a volume still arriving, the slice it came with (the others are fill). */
export function arrivedSample(info: VolumeInfo, voxels: Voxels): Voxels {
  if (!info.arrival) return voxels;
  const sliceVoxels = info.dims[0] * info.dims[1];
  return voxels.subarray(info.arrival.first * sliceVoxels, (info.arrival.first + 1) * sliceVoxels);
}

/** How often a large series (shown over a stand-in level) is shown again as its slices arrive. */
const STAND_IN_PACE_MS = 500;

/** The arriving volume's latest info and the slices not yet fetched. */
let pending: { info: VolumeInfo; slices: Set<number> } | undefined;
let fetching = false;

async function fetchSlice(info: VolumeInfo, z: number): Promise<Voxels> {
  const response = await fetch(client().dataUrl(routes.volumeSlice.path({ volumeId: info.id, axis: 2, index: z })));
  if (!response.ok) throw new Error(`${info.name}: slice ${z + 1}: the host answered ${response.status} ${await response.text()}`);
  return voxelArray({ ...info, dims: [info.dims[0], info.dims[1], 1] }, await response.arrayBuffer());
}

/** Notes the slices that arrived, and fetches them if their volume is on screen. */
export function receiveSlices(info: VolumeInfo, slices: number[], target: ArrivalTarget): Promise<void> {
  if (pending?.info.id !== info.id) pending = { info, slices: new Set() };
  pending.info = info;
  for (const z of slices) pending.slices.add(z);
  return fetchArrivedSlices(target);
}

/** Writes the pending slices into the volume on screen (a volume shown later calls it once its voxels are in). */
export async function fetchArrivedSlices(target: ArrivalTarget): Promise<void> {
  if (fetching) return;
  fetching = true;
  try {
    while (pending?.slices.size) {
      const shown = target.shown();
      if (shown?.full.id !== pending.info.id) return;
      // This info's arrivals are these slices and those fetched before: shown with them, its missing slices are the voxels' own.
      const { info, slices } = pending;
      pending.slices = new Set();
      if (shown.level > 0) {
        target.showInfo(info);
        // Each new info refetches the slices on screen: at this pace, not at every arrival.
        await new Promise((resolve) => setTimeout(resolve, STAND_IN_PACE_MS));
        continue;
      }
      const sliceVoxels = info.dims[0] * info.dims[1];
      await Promise.all([...slices].map(async (z) => shown.voxels.set(await fetchSlice(info, z), z * sliceVoxels)));
      // A volume shown again meanwhile came with its own voxels, these slices in them.
      if (target.shown()?.voxels === shown.voxels) target.showVoxels(info, voxelArray(info, shown.voxels.buffer as ArrayBuffer));
    }
  } catch (error) {
    target.fail(error);
  } finally {
    fetching = false;
  }
}
