// Browser mode: the same dispatch over WebSocket and the same data routes over HTTP, on 127.0.0.1 only,
// behind a random per-launch token. The renderer is served from dist/renderer. Any bytes a client sends end in
// an answer, a typed error or a closed connection, never in an exception that stops the process.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Reply } from '../common/contract.js';
import { toWireError, VoxbenchError } from '../common/errors.js';
import { contentSecurityPolicy, serveAppFile } from './appFiles.js';
import type { Host } from './host.js';
import { uploadRoute } from '../common/routes.js';
import { createUploads } from './uploads.js';
import { requestUrl, sameToken } from './webAccess.js';

export interface WebHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface WebHostOptions {
  port?: number;
  /** Bytes all uploads of this run may hold together (free disk space limits them too). */
  uploadLimit?: number;
}

/** Contract messages are small JSON (the largest, a 10,000-point polygon, is under 1 MiB); voxels go over HTTP. */
export const MAX_MESSAGE_BYTES = 4 << 20;

/** HTTP status of the typed errors a request can end in; any other is 500. */
const statusOf: Record<string, number> = { BadRequest: 400, BadUploadName: 400, BadUploadFolder: 400, UploadNameTaken: 409, UploadTooLarge: 413, UploadFailed: 400 };

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export async function startWebHost(host: Host, options: WebHostOptions = {}): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const uploads = await createUploads(options.uploadLimit);
  const csp = contentSecurityPolicy([]);
  let origin = '';
  // Only our own names: a page on another site that rebinds DNS to 127.0.0.1 gets nothing.
  let hosts = new Set<string>();
  const isOurHost = (req: IncomingMessage) => hosts.has(req.headers.host ?? '');

  async function route(req: IncomingMessage): Promise<Response> {
    const url = requestUrl(req, origin);
    if (!url) return new Response('The request URL does not parse', { status: 400 });
    if (!isOurHost(req)) return new Response('Wrong host', { status: 421 });
    if (!url.pathname.startsWith('/data/')) {
      return req.method === 'GET' ? serveAppFile(host.services.paths.renderer, url.pathname.slice(1), csp) : new Response(null, { status: 405 });
    }
    if (!sameToken(url.searchParams.get('token'), token)) return new Response('Missing or wrong token', { status: 401 });
    const dataRoute = url.pathname.slice('/data/'.length);
    if (uploadRoute.parse(dataRoute) && req.method === 'POST') {
      return json(200, await uploads.receive(req, url.searchParams.get('name') ?? 'upload', url.searchParams.get('folder') ?? undefined));
    }
    return req.method === 'GET' ? host.serveData(dataRoute) : new Response(null, { status: 405 });
  }

  const server = createServer((req, res) => {
    route(req)
      .catch((error: unknown) => json(error instanceof VoxbenchError ? (statusOf[error.kind] ?? 500) : 500, toWireError(error)))
      .then((response) => send(res, response))
      .catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(error.message);
      });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    // A client that resets mid-handshake must not take the process with it.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req, origin);
    if (!url) return void socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    const allowed =
      url.pathname === '/rpc' &&
      isOurHost(req) &&
      hosts.has((req.headers.origin ?? '').replace(/^http:\/\//, '')) &&
      sameToken(url.searchParams.get('token'), token);
    if (!allowed) return void socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
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
      await uploads.remove();
    },
  };
}

type Request = { id: number | string | null; method: string; params: unknown };

function badRequest(message: string): Reply<never> & { id: null } {
  return { id: null, ok: false, error: { kind: 'BadRequest', message } };
}

/** A call is a JSON object `{ id, method, params }` with a number or string id and a string method. */
function parseRequest(message: RawData): Request | ReturnType<typeof badRequest> {
  let request: unknown;
  try {
    request = JSON.parse(String(message));
  } catch {
    return badRequest('Message is not JSON.');
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return badRequest('A call is a JSON object { id, method, params }.');
  const { id = null, method, params } = request as Record<string, unknown>;
  if (id !== null && typeof id !== 'number' && typeof id !== 'string') return badRequest('A call\'s id is a number or a string.');
  if (typeof method !== 'string') return badRequest('A call\'s method is a string.');
  return { id, method, params };
}

async function answer(host: Host, message: RawData): Promise<string> {
  const request = parseRequest(message);
  if (!('method' in request)) return JSON.stringify(request);
  try {
    return JSON.stringify({ id: request.id, ...(await host.dispatch(request.method, request.params)) });
  } catch (error) {
    // Params zod cannot walk (nested past the stack) or a result JSON cannot write: still an answer.
    return JSON.stringify({ id: request.id, ok: false, error: toWireError(error) });
  }
}

function serveSocket(ws: WebSocket, host: Host): void {
  const unsubscribe = host.onEvent((event, data) => ws.send(JSON.stringify({ event, data })));
  ws.on('close', unsubscribe);
  // ws closes the connection itself (1007 invalid UTF-8, 1009 too big, 1002 bad frame); the error needs a listener.
  ws.on('error', () => undefined);
  ws.on('message', (message) => void answer(host, message).then((reply) => ws.send(reply)));
}
