// Downloads of a segmentation, reached through dataRoutes.ts (voxbench://segment/… and /data/segment/…), so a
// shell without a save dialog (browser mode) can still export:
//   segment/{volumeId}/export/{filename}   the labelmap with its segment table; the extension picks the format
//                                           (.seg.nrrd, .nrrd, .nii.gz, .nii, .h5, .hdf5)
//   segment/{volumeId}/statistics.csv      the per-segment statistics, as segment.exportStatistics writes them
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Services } from '../services.js';
import { VoxbenchError } from '../../common/errors.js';
import { exportSegmentation } from './exportSegmentation.js';
import { statisticsCsv } from './statistics.js';

const ROUTE = /^segment\/([\w-]+)\/(?:export\/([^/]+)|(statistics\.csv))$/;
/** Plain names only: the file is written under a temporary folder of its own. */
const SAFE_NAME = /^[\w-][\w.-]*$/;

export const isSegmentExport = (route: string) => ROUTE.test(route);

const headers = (type: string, bytes: number, disposition: string) => ({ 'Content-Type': type, 'Content-Length': String(bytes), 'Cache-Control': 'no-store', 'Content-Disposition': disposition });

/** Writes the export to a temporary file and streams it; the file goes when the stream closes (read or cancelled). */
async function labelmapFile(services: Pick<Services, 'volumes' | 'segments'>, volumeId: string, name: string): Promise<Response> {
  const folder = await mkdtemp(join(tmpdir(), 'voxbench-export-'));
  const path = join(folder, name);
  const discard = () => rm(folder, { recursive: true, force: true });
  try {
    await exportSegmentation(services, volumeId, path);
    const { size } = await stat(path);
    const stream = createReadStream(path).once('close', () => void discard());
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { headers: headers('application/octet-stream', size, `attachment; filename="${name}"`) });
  } catch (error) {
    await discard();
    throw error;
  }
}

export async function serveSegmentExport(route: string, services: Pick<Services, 'volumes' | 'segments'>): Promise<Response> {
  const [, volumeId, filename, statistics] = ROUTE.exec(route)!;
  try {
    if (statistics) {
      const csv = new TextEncoder().encode(statisticsCsv(await services.segments.statistics(volumeId!)));
      return new Response(csv, { headers: headers('text/csv; charset=utf-8', csv.byteLength, 'attachment') });
    }
    const name = decodeURIComponent(filename!);
    if (!SAFE_NAME.test(name)) return new Response(`${name} is not a plain file name (letters, digits, '-', '_' and '.')`, { status: 400 });
    return await labelmapFile(services, volumeId!, name);
  } catch (error) {
    if (error instanceof VoxbenchError) return new Response(`${error.kind}: ${error.message}`, { status: error.kind === 'UnknownVolume' ? 404 : 422 });
    throw error;
  }
}
