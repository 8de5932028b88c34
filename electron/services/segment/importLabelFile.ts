// A labelmap file read onto an open volume's grid and made its segmentation: the Segment Editor's Import and
// `voxbench sync push-labels` (a labelmap made elsewhere for a volume opened in place).
import { resolve } from 'node:path';
import type { SegmentationInfo } from '../../common/segmentCalls.js';
import type { Services } from '../services.js';
import { readLabelFile } from './labelFiles.js';

export async function importLabelFile({ volumes, segments }: Pick<Services, 'volumes' | 'segments'>, volumeId: string, path: string): Promise<SegmentationInfo> {
  const { info } = volumes.get(volumeId);
  const file = await readLabelFile(resolve(path), info, (values, name) => segments.inWorker({ kind: 'toLabels', values, name }));
  return (await segments.importLabels(volumeId, file.labels, file.segments, { source: 'file', path: resolve(path) })).info;
}
