// The inputs an outside review found to stop the browser-mode server, each now answered with a status, a
// typed error or a close code (RFC 6455 §7.4.1), and the server still answering afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../../electron/shell/webhost';
import { clientFrame, closeCode, exchange, rawRequest, startTestHost, upgradeHeaders, type TestHost } from './webhostHarness';

let web: TestHost;
const UPLOAD_LIMIT = 1 << 20;

beforeAll(async () => {
  web = await startTestHost({ uploadLimit: UPLOAD_LIMIT });
});

afterAll(() => web.close());

/** A token as long as the real one whose first character is not ASCII ('é' is two bytes in UTF-8). */
const nonAsciiToken = () => `é${web.token.slice(1)}`;

async function healthy(): Promise<void> {
  expect((await fetch(`${web.origin}/`)).status).toBe(200);
  const socket = new WebSocket(`${web.origin.replace('http', 'ws')}/rpc?token=${web.token}`, { headers: { Origin: web.origin } });
  const reply = await new Promise<string>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ id: 1, method: 'app.about' }))).once('message', (data) => resolve(String(data))).once('error', reject);
  });
  socket.close();
  expect(JSON.parse(reply)).toMatchObject({ id: 1, ok: true, result: { name: 'Voxbench' } });
}

function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`${web.origin.replace('http', 'ws')}/rpc?token=${web.token}`, { headers: { Origin: web.origin } });
  return new Promise((resolve, reject) => socket.once('open', () => resolve(socket)).once('error', reject));
}

describe('handshakes and tokens', () => {
  test('an upgrade whose URL does not parse (GET http://[) is answered 400', async () => {
    const { status } = await exchange(web.port, rawRequest('GET http://[ HTTP/1.1', upgradeHeaders(web)), Buffer.alloc(0));
    expect(status).toBe('HTTP/1.1 400 Bad Request');
    await healthy();
  });

  test('a token of the right length with a non-ASCII character is refused, over the upgrade and over HTTP', async () => {
    const token = encodeURIComponent(nonAsciiToken());
    const { status } = await exchange(web.port, rawRequest(`GET /rpc?token=${token} HTTP/1.1`, upgradeHeaders(web)), Buffer.alloc(0));
    expect(status).toBe('HTTP/1.1 401 Unauthorized');
    expect((await fetch(`${web.origin}/data/volume/x/voxels?token=${token}`)).status).toBe(401);
    await healthy();
  });
});

describe('messages and frames', () => {
  test('the message null gets a typed error reply', async () => {
    const socket = await openSocket();
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    socket.send('null');
    expect(JSON.parse(await reply)).toEqual({ id: null, ok: false, error: { kind: 'BadRequest', message: expect.stringContaining('JSON object') } });
    socket.close();
  });

  test('a message over the size limit closes the connection with 1009', async () => {
    const socket = await openSocket();
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
    await healthy();
  });

  test('a text frame of invalid UTF-8 closes the connection with 1007', async () => {
    const target = `GET /rpc?token=${web.token} HTTP/1.1`;
    const { received, status } = await exchange(web.port, rawRequest(target, upgradeHeaders(web)), clientFrame(0x1, Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d])));
    expect(status).toBe('HTTP/1.1 101 Switching Protocols');
    expect(closeCode(received)).toBe(1007);
    await healthy();
  });
});

describe('uploads', () => {
  const upload = (name: string, body: BodyInit) =>
    fetch(`${web.origin}/data/upload?token=${web.token}&name=${encodeURIComponent(name)}`, { method: 'POST', body, duplex: 'half' } as RequestInit);
  /** A body without Content-Length: the cap has to hold while the bytes stream in. */
  const streamed = (bytes: number) => Readable.toWeb(Readable.from([Buffer.alloc(bytes / 2, 1), Buffer.alloc(bytes / 2, 2)])) as ReadableStream;

  test('uploads together hold at most the limit, declared or streamed, and what is refused leaves nothing on disk', async () => {
    const first = await upload('first.bin', new Uint8Array(UPLOAD_LIMIT / 2));
    expect(first.status).toBe(200);
    const { path } = (await first.json()) as { path: string };
    const folder = dirname(dirname(path));
    expect(basename(folder)).toMatch(new RegExp(`^voxbench-upload-${process.pid}-`));
    const declared = await upload('declared.bin', new Uint8Array(UPLOAD_LIMIT));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ kind: 'UploadTooLarge', message: expect.stringContaining('declared.bin') });
    const stream = await upload('streamed.bin', streamed(UPLOAD_LIMIT));
    expect(stream.status).toBe(413);
    expect(await readdir(folder)).toEqual([basename(dirname(path))]);
    expect((await upload('..', new Uint8Array(4))).status).toBe(400);
    await healthy();
  });

  test('uploads share a folder only one of this run made, never overwrite, and a refused one leaves the others', async () => {
    const into = (folder: string, name: string, body: BodyInit) =>
      fetch(`${web.origin}/data/upload?token=${web.token}&name=${name}&folder=${encodeURIComponent(folder)}`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    const first = (await (await upload('scan.mhd', 'first')).json()) as { path: string; folder: string };
    expect(basename(dirname(first.path))).toBe(first.folder);
    expect((await into(first.folder, 'scan.raw', new Uint8Array(8))).status).toBe(200);
    const again = await into(first.folder, 'scan.mhd', 'second');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ kind: 'UploadNameTaken' });
    expect(await readFile(first.path, 'utf8')).toBe('first');
    expect((await into(first.folder, 'big.raw', streamed(UPLOAD_LIMIT))).status).toBe(413);
    expect((await readdir(dirname(first.path))).sort()).toEqual(['scan.mhd', 'scan.raw']);
    for (const folder of ['..', '.', '../..', 'file-notours', `../${first.folder}`]) {
      const refused = await into(folder, 'x.raw', new Uint8Array(4));
      expect(refused.status, folder).toBe(400);
      expect(await refused.json()).toMatchObject({ kind: 'BadUploadFolder' });
    }
    await healthy();
  });

  test('at start, upload folders of runs that are gone are removed, those of live runs kept', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const dead = join(tmpdir(), `voxbench-upload-${deadPid}-leftover`);
    const live = join(tmpdir(), `voxbench-upload-${process.pid}-live`);
    await mkdir(dead, { recursive: true });
    await writeFile(join(dead, 'scan.nii'), new Uint8Array(1024));
    await mkdir(live, { recursive: true });
    const other = await startTestHost();
    try {
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      await other.close();
      await rm(live, { recursive: true, force: true });
    }
  });
});
