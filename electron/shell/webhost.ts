// Browser mode: the same dispatch over WebSocket and the same data routes over HTTP, on 127.0.0.1 only,
// behind a random per-launch token. The renderer is served from dist/renderer.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy, serveAppFile } from './appFiles.js';
import type { Host } from './host.js';
import { uploadRoute } from '../common/routes.js';

export interface WebHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sameToken(given: string | null, token: string): boolean {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export async function startWebHost(host: Host, options: { port?: number } = {}): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const uploads = await mkdtemp(join(tmpdir(), 'voxbench-uploads-'));
  const csp = contentSecurityPolicy([]);
  let origin = '';
  // Only our own names: a page on another site that rebinds DNS to 127.0.0.1 gets nothing.
  let hosts = new Set<string>();
  const isOurHost = (req: IncomingMessage) => hosts.has(req.headers.host ?? '');

  async function upload(req: IncomingMessage, name: string): Promise<Response> {
    // Each upload keeps its own name (readers look at extensions) in a folder of its own.
    const folder = await mkdtemp(join(uploads, 'file-'));
    const path = join(folder, basename(name));
    await pipeline(req, createWriteStream(path));
    return json(200, { path });
  }

  async function route(req: IncomingMessage): Promise<Response> {
    const url = new URL(req.url ?? '/', origin);
    if (!isOurHost(req)) return new Response('Wrong host', { status: 421 });
    if (!url.pathname.startsWith('/data/')) {
      return req.method === 'GET' ? serveAppFile(host.services.paths.renderer, url.pathname.slice(1), csp) : new Response(null, { status: 405 });
    }
    if (!sameToken(url.searchParams.get('token'), token)) return new Response('Missing or wrong token', { status: 401 });
    const dataRoute = url.pathname.slice('/data/'.length);
    if (uploadRoute.parse(dataRoute) && req.method === 'POST') return upload(req, url.searchParams.get('name') ?? 'upload');
    return req.method === 'GET' ? host.serveData(dataRoute) : new Response(null, { status: 405 });
  }

  const server = createServer((req, res) => {
    route(req)
      .then((response) => send(res, response))
      .catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(error.message);
      });
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const allowed =
      url.pathname === '/rpc' &&
      isOurHost(req) &&
      hosts.has((req.headers.origin ?? '').replace(/^http:\/\//, '')) &&
      sameToken(url.searchParams.get('token'), token);
    if (!allowed) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, host));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `${origin}/?token=${token}`,
    port,
    async close() {
      sockets.clients.forEach((ws) => ws.terminate());
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(uploads, { recursive: true, force: true });
    },
  };
}

function serveSocket(ws: WebSocket, host: Host): void {
  const unsubscribe = host.onEvent((event, data) => ws.send(JSON.stringify({ event, data })));
  ws.on('close', unsubscribe);
  ws.on('message', async (message) => {
    let request: { id?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(String(message));
    } catch {
      return ws.send(JSON.stringify({ id: null, ok: false, error: { kind: 'BadRequest', message: 'Message is not JSON.' } }));
    }
    const reply = await host.dispatch(String(request.method), request.params);
    ws.send(JSON.stringify({ id: request.id, ...reply }));
  });
}
