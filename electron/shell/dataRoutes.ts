// Bulk data for both transports: voxbench://… in Electron and /data/… in browser mode reach this one
// handler, which parses the path through common/routes.ts's table and runs that route's handler. Handlers are
// typed by the table, so a route without one is a compile error.
import type { Vec3 } from '../common/contract.js';
import { VoxbenchError } from '../common/errors.js';
import { routeNames, routes, type RouteName, type RouteParams } from '../common/routes.js';
import type { Services } from '../services/services.js';
import { bytesPerVoxel, readRegion, slabs, type VolumeSource, type VoxelArray } from '../services/volume/model.js';
import type { Region } from '../common/segmentCalls.js';
import { wholeBox } from '../services/segment/regions.js';
import { serveSegmentExport, serveSegmentStatistics } from '../services/segment/exportRoutes.js';
import { serveSurfaceExport, serveSurfaceMesh } from '../services/segment/surface/routes.js';
import { serveThumbnail } from '../services/pacs/thumbnail.js';

const binary = (bytes: number) => ({ 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes), 'Cache-Control': 'no-store' });

const bytesOf = (voxels: VoxelArray) => new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength);

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
  if (index >= dims[axis]!) return new Response(`No slice ${index} across axis ${axis} in ${dims.join('×')}`, { status: 404 });
  const min = [0, 0, 0] as Vec3;
  const max = [...dims] as Vec3;
  min[axis] = index;
  max[axis] = index + 1;
  const voxels = bytesOf(await readRegion(source, { min, max })) as Uint8Array<ArrayBuffer>;
  return new Response(voxels, { headers: binary(voxels.byteLength) });
}

/** The labelmap's bytes, whole or a box of it; the revision travels in a header. */
async function labels({ segments }: Services, volumeId: string, box?: Region): Promise<Response> {
  const segmentation = segments.of(volumeId);
  const { dims } = segmentation;
  const region = box ?? wholeBox(dims);
  if (region.min.some((v, k) => v >= region.max[k]! || region.max[k]! > dims[k]!)) return new Response(`[${region.min}] … [${region.max}] is not a box inside ${dims.join('×')}`, { status: 404 });
  const voxels = await segmentation.labelmap.readBox(region);
  return new Response(bytesOf(voxels) as Uint8Array<ArrayBuffer>, { headers: { ...binary(voxels.byteLength), 'X-Voxbench-Revision': String(segmentation.revision) } });
}

const handlers: { [N in RouteName]: (params: RouteParams<N>, services: Services) => Promise<Response> } = {
  volumeVoxels: async ({ volumeId }, { volumes }) => wholeVolume(volumes.get(volumeId).source),
  volumeLevel: async ({ volumeId, level }, { volumes }) => {
    const { pyramid } = volumes.get(volumeId);
    const stored = level - (pyramid?.firstLevel ?? 0);
    if (!pyramid || level < 1 || stored >= pyramid.levels.length) return new Response(`No level ${level} for this volume`, { status: 404 });
    return wholeVolume(pyramid.levelSource(stored));
  },
  volumeSlice: async ({ volumeId, axis, index }, { volumes, pyramidBuilds }) => {
    const response = await slice(volumes.get(volumeId).source, axis, index);
    pyramidBuilds.sliceServed(volumeId, axis);
    return response;
  },
  segmentLabels: ({ volumeId }, services) => labels(services, volumeId),
  segmentLabelBox: ({ volumeId, min, max }, services) => labels(services, volumeId, { min, max }),
  segmentExport: serveSegmentExport,
  segmentStatistics: serveSegmentStatistics,
  surfaceMesh: serveSurfaceMesh,
  surfaceExport: serveSurfaceExport,
  pacsThumbnail: serveThumbnail,
};

/** A typed error becomes a status a page can act on (404: no such volume; 422: the request cannot be met). */
function failed(error: unknown): Response {
  if (!(error instanceof VoxbenchError)) throw error;
  return new Response(`${error.kind}: ${error.message}`, { status: error.kind === 'UnknownVolume' ? 404 : 422 });
}

export async function serveData(path: string, services: Services): Promise<Response> {
  for (const name of routeNames) {
    const params = routes[name].parse(path);
    if (!params) continue;
    const handler = handlers[name] as (params: unknown, services: Services) => Promise<Response>;
    return handler(params, services).catch(failed);
  }
  return new Response(`No data at ${path}`, { status: 404 });
}
