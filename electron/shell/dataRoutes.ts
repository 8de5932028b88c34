// Bulk data for both transports: voxbench://volume/… in Electron and /data/volume/… in browser mode reach
// this one handler. Voxels travel as little-endian binary, never as JSON:
//   volume/{id}/voxels              the whole volume, streamed slab by slab (x fastest)
//   volume/{id}/level/{n}           a coarser level of a large volume's pyramid, streamed the same way
//   volume/{id}/slice/{axis}/{n}    one full-resolution slice across index axis 0, 1 or 2, read on demand
//   segment/{id}/labels[/{x0}/{y0}/{z0}/{x1}/{y1}/{z1}]   the labelmap (uint8 or uint16, as segment.info says), or a box of it
//   segment/{id}/export/{filename}, segment/{id}/statistics.csv   downloads, see segment/exportRoutes.ts
import type { Vec3 } from '../common/contract.js';
import { VoxbenchError } from '../common/errors.js';
import { bytesPerVoxel, readRegion, slabs, type VolumeSource, type VoxelArray } from '../services/volume/model.js';
import type { VolumeStore } from '../services/volume/store.js';
import type { SegmentStore } from '../services/segment/store.js';
import { wholeBox } from '../services/segment/regions.js';
import { isSegmentExport, serveSegmentExport } from '../services/segment/exportRoutes.js';

const binary = (bytes: number) => ({ 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes), 'Cache-Control': 'no-store' });

function wholeVolume(source: VolumeSource): Response {
  const pending = slabs(source);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await pending.next();
      if (done) controller.close();
      else controller.enqueue(bytesOf(value));
    },
    async cancel() {
      await pending.return(undefined);
    },
  });
  const [nx, ny, nz] = source.meta.dims;
  return new Response(body, { headers: binary(nx * ny * nz * bytesPerVoxel(source.meta.dtype)) });
}

async function slice(source: VolumeSource, axis: number, index: number): Promise<Response> {
  const { dims } = source.meta;
  if (axis > 2 || index >= dims[axis]!) return new Response(`No slice ${index} across axis ${axis} in ${dims.join('×')}`, { status: 404 });
  const min = [0, 0, 0] as Vec3;
  const max = [...dims] as Vec3;
  min[axis] = index;
  max[axis] = index + 1;
  const voxels = bytesOf(await readRegion(source, { min, max })) as Uint8Array<ArrayBuffer>;
  return new Response(voxels, { headers: binary(voxels.byteLength) });
}

const bytesOf = (voxels: VoxelArray) => new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength);

/** The labelmap's bytes, whole or a box [x0, y0, z0] … [x1, y1, z1) of it; the revision travels in a header. */
async function labels(segments: SegmentStore, volumeId: string, box: string | undefined): Promise<Response> {
  const segmentation = segments.of(volumeId);
  const { dims } = segmentation;
  let region = wholeBox(dims);
  if (box) {
    const [x0, y0, z0, x1, y1, z1] = box.split('/').slice(1).map(Number) as [number, number, number, number, number, number];
    region = { min: [x0, y0, z0] as Vec3, max: [x1, y1, z1] as Vec3 };
    if (region.min.some((v, k) => v >= region.max[k]! || region.max[k]! > dims[k]!)) return new Response(`[${region.min}] … [${region.max}] is not a box inside ${dims.join('×')}`, { status: 404 });
  }
  const voxels = await segmentation.labelmap.readBox(region);
  return new Response(bytesOf(voxels) as Uint8Array<ArrayBuffer>, { headers: { ...binary(voxels.byteLength), 'X-Voxbench-Revision': String(segmentation.revision) } });
}

/** The first part of every bulk route (in Electron, the host of a voxbench:// address the page may fetch). */
export const dataRouteHosts = ['volume', 'segment', 'surface'] as const;

export async function serveData(route: string, store: VolumeStore, segments?: SegmentStore): Promise<Response> {
  if (segments && isSegmentExport(route)) return serveSegmentExport(route, { volumes: store, segments });
  const labelRoute = /^segment\/([\w-]+)\/labels((?:\/\d+){6})?$/.exec(route);
  if (labelRoute && segments) {
    try {
      return await labels(segments, labelRoute[1]!, labelRoute[2]);
    } catch (error) {
      if (error instanceof VoxbenchError) return new Response(error.message, { status: 404 });
      throw error;
    }
  }
  const match = /^volume\/([\w-]+)\/(?:(voxels)|level\/(\d+)|slice\/(\d)\/(\d+))$/.exec(route);
  if (!match) return new Response(`No data at ${route}`, { status: 404 });
  try {
    const { source, pyramid } = store.get(match[1]!);
    if (match[2]) return wholeVolume(source);
    if (match[3]) {
      const level = Number(match[3]);
      if (!pyramid || level < 1 || level >= pyramid.levels.length) return new Response(`No level ${level} for this volume`, { status: 404 });
      return wholeVolume(pyramid.levelSource(level));
    }
    return await slice(source, Number(match[4]), Number(match[5]));
  } catch (error) {
    if (error instanceof VoxbenchError) return new Response(error.message, { status: error.kind === 'UnknownVolume' ? 404 : 422 });
    throw error;
  }
}
