// A real web host for hostile-input tests, and what a client sends by hand over raw TCP: requests and
// WebSocket frames (masked as a client must, or not), with any lengths and opcodes.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';
import { startWebHost, type WebHost, type WebHostOptions } from '../../electron/shell/webhost';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface TestHost {
  host: Host;
  web: WebHost;
  origin: string;
  /** host:port, as the Host header names it. */
  authority: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startTestHost(options: WebHostOptions = {}): Promise<TestHost> {
  const services = createServices({ root, transport: 'browser', dialogs: noDialogs });
  const renderer = await mkdtemp(join(tmpdir(), 'voxbench-renderer-'));
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Voxbench</title>');
  const host = createHost({ ...services, paths: { ...services.paths, renderer } });
  const web = await startWebHost(host, options);
  const url = new URL(web.url);
  return {
    host,
    web,
    origin: url.origin,
    authority: url.host,
    port: web.port,
    token: url.searchParams.get('token')!,
    close: async () => {
      await web.close();
      await host.close();
    },
  };
}

/** An HTTP/1.1 request as bytes; `headers` in order, each already `Name: value`. */
export function rawRequest(requestLine: string | Buffer, headers: (string | Buffer)[]): Buffer {
  const line = (part: string | Buffer) => Buffer.concat([Buffer.isBuffer(part) ? part : Buffer.from(part, 'latin1'), Buffer.from('\r\n')]);
  return Buffer.concat([line(requestLine), ...headers.map(line), Buffer.from('\r\n')]);
}

/** The headers of a valid WebSocket handshake for this host. */
export function upgradeHeaders({ authority, origin }: Pick<TestHost, 'authority' | 'origin'>): string[] {
  return [`Host: ${authority}`, `Origin: ${origin}`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13'];
}

export interface FrameOptions {
  fin?: boolean;
  masked?: boolean;
  rsv?: number;
  /** The length the header states, where it should lie about the payload. */
  declaredLength?: number;
}

/** One WebSocket frame as a client writes it (RFC 6455 §5.2). */
export function clientFrame(opcode: number, payload: Buffer, { fin = true, masked = true, rsv = 0, declaredLength = payload.length }: FrameOptions = {}): Buffer {
  const first = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f);
  const maskBit = masked ? 0x80 : 0;
  let header: Buffer;
  if (declaredLength < 126) header = Buffer.from([first, maskBit | declaredLength]);
  else if (declaredLength < 65536) {
    header = Buffer.from([first, maskBit | 126, 0, 0]);
    header.writeUInt16BE(declaredLength, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(declaredLength), 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  return Buffer.concat([header, key, Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!))]);
}

export interface Exchange {
  /** Everything the server sent until it closed (or until the wait ran out). */
  received: Buffer;
  /** The server's answer line, e.g. `HTTP/1.1 401 Unauthorized`. */
  status: string;
  timedOut: boolean;
}

/**
 * Sends `request` on a fresh connection; with `frames`, waits for the handshake's answer and sends them after
 * it. Then half-closes and collects what the server sends until it closes.
 */
export function exchange(port: number, request: Buffer, frames?: Buffer, waitMs = 3000): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let answered = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, waitMs);
    socket.on('data', (data) => {
      received.push(data);
      if (frames && !answered && Buffer.concat(received).includes('\r\n\r\n')) {
        answered = true;
        socket.end(Buffer.concat(received).subarray(0, 12).toString() === 'HTTP/1.1 101' ? frames : Buffer.alloc(0));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(received);
      resolve({ received: all, status: all.subarray(0, Math.max(0, all.indexOf('\r\n'))).toString('latin1'), timedOut });
    });
    socket.on('connect', () => (frames ? socket.write(request) : socket.end(request)));
  });
}

/** The close code in the server's close frame after the handshake's answer, if it sent one. */
export function closeCode(received: Buffer): number | undefined {
  let at = received.indexOf('\r\n\r\n') + 4;
  while (at > 3 && at + 2 <= received.length) {
    const opcode = received[at]! & 0x0f;
    let length = received[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) [length, start] = [received.readUInt16BE(at + 2), at + 4];
    else if (length === 127) [length, start] = [Number(received.readBigUInt64BE(at + 2)), at + 10];
    if (opcode === 0x8) return length >= 2 ? received.readUInt16BE(start) : 1005;
    at = start + length;
  }
  return undefined;
}
