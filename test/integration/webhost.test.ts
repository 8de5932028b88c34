// Browser mode's transport: the contract over WebSocket, bulk voxels over HTTP, all behind the token.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { methods, type Reply, type VolumeInfo } from '../../electron/common/contract';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';
import { startWebHost, type WebHost } from '../../electron/shell/webhost';
import { generatedDir, references } from '../fixtures/reference';

const root = fileURLToPath(new URL('../..', import.meta.url));
let host: Host;
let web: WebHost;
let origin: string;
let token: string;

beforeAll(async () => {
  const services = createServices({ root, transport: 'browser', dialogs: noDialogs });
  const renderer = await mkdtemp(join(tmpdir(), 'voxbench-renderer-'));
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Voxbench</title>');
  host = createHost({ ...services, paths: { ...services.paths, renderer } });
  web = await startWebHost(host);
  const url = new URL(web.url);
  origin = url.origin;
  token = url.searchParams.get('token')!;
});

afterAll(async () => {
  await web.close();
  await host.close();
});

interface Session {
  call(method: string, params: unknown): Promise<Reply<unknown>>;
  events: { event: string; data: unknown }[];
  close(): void;
}

async function session(query = `token=${token}`, headers = { Origin: origin }): Promise<Session> {
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/rpc?${query}`, { headers });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const waiting = new Map<number, (reply: Reply<unknown>) => void>();
  const events: Session['events'] = [];
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw));
    if (message.event) events.push(message);
    else waiting.get(message.id)?.(message);
  });
  let id = 0;
  return {
    call: (method, params) =>
      new Promise((resolve) => {
        waiting.set(++id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    events,
    close: () => socket.close(),
  };
}

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

describe('contract over WebSocket', () => {
  test('every contract entry reaches its handler (params are validated, none is unknown)', async () => {
    const client = await session();
    for (const method of methods) {
      const reply = await client.call(method, { notAParameter: true });
      expect(reply, method).toMatchObject({ ok: false, error: { kind: 'InvalidParams' } });
    }
    expect(await client.call('volume.explode', {})).toMatchObject({ ok: false, error: { kind: 'UnknownMethod' } });
    client.close();
  });

  test('a call without the token, or from another origin, is refused', async () => {
    await expect(session('token=wrong')).rejects.toThrow(/401/);
    await expect(session(`token=${token}`, { Origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  test('a bad path comes back as a typed error naming the file', async () => {
    const client = await session();
    const reply = await client.call('volume.open', { path: '/no/such/scan.nii.gz' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'FileNotFound', message: expect.stringContaining('/no/such/scan.nii.gz') } });
    client.close();
  });
});

describe('bulk data over HTTP', () => {
  test('voxels of an opened scan arrive as binary, equal to what nibabel reads', async () => {
    const client = await session();
    const reply = await client.call('volume.open', { path: join(generatedDir, 'scaled_int16.nii.gz') });
    const info = (reply as { result: VolumeInfo }).result;
    expect(info.dtype).toBe('float32');
    const response = await fetch(`${origin}/data/${info.voxels}?token=${token}`);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(sha256(await response.arrayBuffer())).toBe(references()['scaled_int16.nii.gz']!.sha256);
    expect(client.events).toContainEqual({ event: 'volume.opened', data: info });
    expect(client.events).toContainEqual({ event: 'progress', data: expect.objectContaining({ done: 24, total: 24 }) });
    client.close();
  });

  test('one full-resolution slice across any axis equals h5py\'s', async () => {
    const client = await session();
    const path = join(generatedDir, 'nexus_uint16.h5');
    const info = ((await client.call('volume.open', { path })) as { result: VolumeInfo }).result;
    const script = 'import h5py, hashlib, sys; d = h5py.File(sys.argv[1])["entry/reconstruction/volume"]; print(hashlib.sha256(d[:, :, 9].tobytes()).hexdigest(), hashlib.sha256(d[5].tobytes()).hexdigest())';
    const [sagittal, axial] = execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }).trim().split(' ');
    const get = async (route: string) => sha256(await (await fetch(`${origin}/data/${route}?token=${token}`)).arrayBuffer());
    expect(await get(`volume/${info.id}/slice/0/9`)).toBe(sagittal);
    expect(await get(`volume/${info.id}/slice/2/5`)).toBe(axial);
    expect((await fetch(`${origin}/data/volume/${info.id}/slice/2/24?token=${token}`)).status).toBe(404);
    client.close();
  });

  test('without the token there is nothing', async () => {
    const response = await fetch(`${origin}/data/volume/anything/voxels`);
    expect(response.status).toBe(401);
  });

  test('a request naming another host (DNS rebinding) is refused', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) =>
      request(`${origin}/data/volume/x/voxels?token=${token}`, { headers: { Host: 'attacker.example' } }, (res) => resolve(res.statusCode!)).end(),
    );
    expect(status).toBe(421);
  });

  test('a file picked in the page is uploaded, then opens like any path', async () => {
    const bytes = await readFile(join(generatedDir, 'qform_float32.nii'));
    const upload = await fetch(`${origin}/data/upload?token=${token}&name=qform_float32.nii`, { method: 'POST', body: bytes });
    const { path } = (await upload.json()) as { path: string };
    const client = await session();
    const reply = await client.call('volume.open', { path });
    expect(reply).toMatchObject({ ok: true, result: { name: expect.stringMatching(/qform_float32\.nii$/), dims: [36, 28, 20] } });
    client.close();
  });

  test('the files of a DICOM series uploaded into one folder open as that folder', async () => {
    const series = join(generatedDir, 'dicom', 'ct_signed');
    const truth = JSON.parse(await readFile(join(generatedDir, 'dicom', 'truth.json'), 'utf8')) as Record<string, { dims: number[] }>;
    let folder: string | undefined;
    let path = '';
    for (const name of await readdir(series)) {
      const query = `token=${token}&name=${encodeURIComponent(name)}${folder ? `&folder=${folder}` : ''}`;
      const upload = await fetch(`${origin}/data/upload?${query}`, { method: 'POST', body: await readFile(join(series, name)) });
      ({ folder, path } = (await upload.json()) as { path: string; folder: string });
    }
    const client = await session();
    const reply = await client.call('volume.open', { path: dirname(path) });
    expect(reply).toMatchObject({ ok: true, result: { dims: truth.ct_signed!.dims } });
    client.close();
  });

  test('the page is served with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect((await fetch(`${origin}/../package.json`)).status).not.toBe(200);
  });
});
