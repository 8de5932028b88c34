// Bulk data for both transports: voxbench://volume/… in Electron and /data/volume/… in browser mode reach
// this one handler. Voxels stream slab by slab as little-endian binary, never as JSON.
import { VoxbenchError } from './errors.js';
import { bytesPerVoxel, slabs } from './volume/model.js';
import type { VolumeStore } from './volume/store.js';

export async function serveData(route: string, store: VolumeStore): Promise<Response> {
  const match = /^volume\/([\w-]+)\/voxels$/.exec(route);
  if (!match) return new Response(`No data at ${route}`, { status: 404 });
  let volume;
  try {
    volume = store.get(match[1]!);
  } catch (error) {
    if (error instanceof VoxbenchError) return new Response(error.message, { status: 404 });
    throw error;
  }
  const { source } = volume;
  const pending = slabs(source);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await pending.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      await pending.return(undefined);
    },
  });
  const [nx, ny, nz] = source.meta.dims;
  const bytes = nx * ny * nz * bytesPerVoxel(source.meta.dtype);
  return new Response(body, {
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes), 'Cache-Control': 'no-store' },
  });
}
