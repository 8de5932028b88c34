// Bulk data for both transports: voxbench://volume/… in Electron and /data/volume/… in browser mode reach
// this one handler. Voxels travel as little-endian binary, never as JSON:
//   volume/{id}/voxels              the whole volume, streamed slab by slab (x fastest)
//   volume/{id}/level/{n}           a coarser level of a large volume's pyramid, streamed the same way
//   volume/{id}/slice/{axis}/{n}    one full-resolution slice across index axis 0, 1 or 2, read on demand
import type { Vec3 } from './contract.js';
import { VoxbenchError } from './errors.js';
import { bytesPerVoxel, readRegion, slabs, type VolumeSource, type VoxelArray } from './volume/model.js';
import type { VolumeStore } from './volume/store.js';

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

export async function serveData(route: string, store: VolumeStore): Promise<Response> {
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
