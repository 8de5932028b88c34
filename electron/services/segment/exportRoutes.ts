// Downloads of a segmentation (routes.segmentExport and routes.segmentStatistics in common/routes.ts), so a
// shell without a save dialog (browser mode) can still export; the file name's extension picks the format
// (.seg.nrrd, .nrrd, .nii.gz, .nii, .h5, .hdf5, .dcm).
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Services } from '../services.js';
import type { RouteParams } from '../../common/routes.js';
import { exportSegmentation } from './exportSegmentation.js';
import { statisticsCsv } from './statistics.js';

/** Plain names only: the file is written under a temporary folder of its own. */
const SAFE_NAME = /^[\w-][\w.-]*$/;

type Segmented = Pick<Services, 'volumes' | 'segments' | 'version'>;

const headers = (type: string, bytes: number, disposition: string) => ({ 'Content-Type': type, 'Content-Length': String(bytes), 'Cache-Control': 'no-store', 'Content-Disposition': disposition });

/** Writes the export to a temporary file and streams it; the file goes when the stream closes (read or cancelled). */
export async function serveSegmentExport({ volumeId, fileName }: RouteParams<'segmentExport'>, services: Segmented): Promise<Response> {
  if (!SAFE_NAME.test(fileName)) return new Response(`${fileName} is not a plain file name (letters, digits, '-', '_' and '.')`, { status: 400 });
  const folder = await mkdtemp(join(tmpdir(), 'voxbench-export-'));
  const path = join(folder, fileName);
  const discard = () => rm(folder, { recursive: true, force: true });
  try {
    await exportSegmentation(services, volumeId, path);
    const { size } = await stat(path);
    const stream = createReadStream(path).once('close', () => void discard());
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { headers: headers('application/octet-stream', size, `attachment; filename="${fileName}"`) });
  } catch (error) {
    await discard();
    throw error;
  }
}

export async function serveSegmentStatistics({ volumeId }: RouteParams<'segmentStatistics'>, services: Segmented): Promise<Response> {
  const csv = new TextEncoder().encode(statisticsCsv(await services.segments.statistics(volumeId)));
  return new Response(csv, { headers: headers('text/csv; charset=utf-8', csv.byteLength, 'attachment') });
}
