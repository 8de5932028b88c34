// Bulk data for both transports: voxbench://volume/… in Electron and /data/volume/… in browser mode reach
// this one handler. Voxels travel as little-endian binary, never as JSON:
//   volume/{id}/voxels              the whole volume, streamed slab by slab (x fastest)
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
  const match = /^volume\/([\w-]+)\/(?:(voxels)|slice\/(\d)\/(\d+))$/.exec(route);
  if (!match) return new Response(`No data at ${route}`, { status: 404 });
  try {
    const { source } = store.get(match[1]!);
    return match[2] ? wholeVolume(source) : await slice(source, Number(match[3]), Number(match[4]));
  } catch (error) {
    if (error instanceof VoxbenchError) return new Response(error.message, { status: error.kind === 'UnknownVolume' ? 404 : 422 });
    throw error;
  }
}
