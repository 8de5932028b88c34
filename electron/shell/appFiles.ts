// The built renderer, served the same way to Electron (voxbench://app/…) and to browsers (/…).
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** The page may load only its own code, fetch and show only its own origin's data, and never be framed. */
export function contentSecurityPolicy(dataSources: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${dataSources.join(' ')}`.trim(),
    `connect-src 'self' ${dataSources.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function serveAppFile(rendererDir: string, route: string, csp: string): Promise<Response> {
  const relative = normalize(route === '' ? 'index.html' : route);
  if (relative.startsWith('..') || relative.includes(`${sep}..`)) return new Response('Forbidden', { status: 403 });
  try {
    const body = await readFile(join(rendererDir, relative));
    return new Response(body, {
      headers: {
        'Content-Type': contentTypes[extname(relative)] ?? 'application/octet-stream',
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return new Response(`Not found: ${route}`, { status: 404 });
  }
}
