// A volume's segmentation written to a file: what 'segment.export', the download route (exportRoutes.ts) and a
// data-centre push share.
import type { Services } from '../services.js';
import { exportLabels } from './labelFiles.js';

/** Writes the labelmap and its segment table to `path` (after the running edit, never half through one); the extension picks the format. */
export async function exportSegmentation({ volumes, segments, version }: Pick<Services, 'volumes' | 'segments' | 'version'>, volumeId: string, path: string): Promise<void> {
  const { info } = volumes.get(volumeId);
  const segmentation = segments.of(volumeId);
  const made = { actions: segments.actions(volumeId), software: `Voxbench ${version}` };
  await segmentation.exclusive(() => exportLabels(path, info, segmentation.labelmap, segmentation.segments, () => segments.extents(volumeId), made));
}

