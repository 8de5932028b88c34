// A volume's segmentation written to a file: what 'segment.export' and the download route (exportRoutes.ts) share.
import type { Services } from '../services.js';
import { exportLabels } from './labelFiles.js';

/** Writes the labelmap and its segment table to `path`; the extension picks the format. */
export async function exportSegmentation({ volumes, segments }: Pick<Services, 'volumes' | 'segments'>, volumeId: string, path: string): Promise<void> {
  const { info } = volumes.get(volumeId);
  const segmentation = segments.of(volumeId);
  await exportLabels(path, info, segmentation.labelmap, segmentation.segments, () => segments.extents(volumeId));
}

