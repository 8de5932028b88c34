// Bulk routes of segment surfaces (routes.surfaceMesh and routes.surfaceExport in common/routes.ts).
import type { Services } from '../../services.js';
import { routes, type RouteParams } from '../../../common/routes.js';
import { surfacesOf } from './session.js';

const binary = (bytes: Uint8Array, type = 'application/octet-stream') => ({ 'Content-Type': type, 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store' });
const mime = { stl: 'model/stl', glb: 'model/gltf-binary' } as const;

export async function serveSurfaceExport({ volumeId, format }: RouteParams<'surfaceExport'>, services: Services): Promise<Response> {
  const { bytes } = await surfacesOf(services).exportBytes(volumeId, format);
  return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { ...binary(bytes, mime[format]), 'Content-Disposition': `attachment; filename="segments.${format}"` } });
}

export async function serveSurfaceMesh(params: RouteParams<'surfaceMesh'>, services: Services): Promise<Response> {
  const path = routes.surfaceMesh.path(params);
  const bytes = surfacesOf(services).meshBytes(path);
  if (!bytes) return new Response(`No surface at ${path} (built for an older labelmap, or not built yet)`, { status: 404 });
  return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: binary(bytes) });
}
