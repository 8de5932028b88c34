// Bulk routes of segment surfaces, reached through dataRoutes.ts (voxbench://surface/… and /data/surface/…):
//   surface/{volumeId}/{value}/{version}      a SurfaceInfo's mesh: float32 positions then uint32 indices
//   surface/{volumeId}/export.{stl|glb}       every segment's surface as a file to download
import type { Services } from '../../services.js';
import { VoxbenchError } from '../../../common/errors.js';
import { surfacesOf } from './session.js';

const binary = (bytes: Uint8Array, type = 'application/octet-stream') => ({ 'Content-Type': type, 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store' });
const mime = { stl: 'model/stl', glb: 'model/gltf-binary' } as const;

export async function serveSurface(route: string, services: Services): Promise<Response> {
  const surfaces = surfacesOf(services);
  const exported = /^surface\/([\w-]+)\/export\.(stl|glb)$/.exec(route);
  if (exported) {
    const [, volumeId, format] = exported as unknown as [string, string, 'stl' | 'glb'];
    try {
      const { bytes } = await surfaces.exportBytes(volumeId, format);
      return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { ...binary(bytes, mime[format]), 'Content-Disposition': `attachment; filename="segments.${format}"` } });
    } catch (error) {
      if (error instanceof VoxbenchError) return new Response(error.message, { status: 422 });
      throw error;
    }
  }
  const bytes = surfaces.meshBytes(route.slice('surface/'.length));
  if (!bytes) return new Response(`No surface at ${route} (built for an older labelmap, or not built yet)`, { status: 404 });
  return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: binary(bytes) });
}
