// Seeded fuzzing of the web host over raw TCP: malformed HTTP and upgrade requests, hostile tokens, and random
// or hostile WebSocket frames after a valid handshake. After every batch the server must answer an HTTP GET,
// and every 1,000 cases a contract call over a fresh WebSocket. VOXBENCH_FUZZ_SEED replays a run.
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../../electron/shell/webhost';
import { clientFrame, exchange, rawRequest, startTestHost, upgradeHeaders, type TestHost } from './webhostHarness';

const SEED = Number(process.env.VOXBENCH_FUZZ_SEED ?? 0x5eed);
const CASES = 10_000;
const BATCH = 25;

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
const ascii = (n: number) => String.fromCharCode(...Array.from({ length: n }, () => int(0x20, 0x7e)));

let web: TestHost;

beforeAll(async () => {
  web = await startTestHost({ uploadLimit: 1 << 20 });
});

afterAll(() => web.close());

interface Case {
  kind: string;
  request: Buffer;
  frames?: Buffer;
}

/** Tokens a client might send: wrong lengths, the right length with multibyte or control characters, encodings. */
function hostileToken(): string {
  const right = web.token.length;
  return pick([
    () => '',
    () => ascii(int(1, 64)),
    () => encodeURIComponent(`é${web.token.slice(1)}`),
    () => encodeURIComponent('😀'.repeat(right / 2)),
    () => encodeURIComponent(String.fromCharCode(...Array.from({ length: right }, () => int(0x80, 0xd7ff)))),
    () => `%${ascii(2)}${web.token.slice(3)}`,
    () => `${web.token}%00`,
    () => `${web.token.slice(0, -1)}%FF`,
    () => web.token.toUpperCase(),
  ])();
}

const target = () =>
  pick([
    () => 'http://[',
    () => `//[${ascii(int(0, 8))}`,
    () => '*',
    () => `/${ascii(int(0, 300)).replace(/ /g, '')}`,
    () => `/data/volume/${ascii(int(0, 40)).replace(/ /g, '')}/voxels?token=${web.token}`,
    () => `/data/upload?token=${web.token}&name=${pick(['..', '.', '', '%00', 'a%2Fb', 'scan.nii'])}`,
    () => `/data/x?token=${hostileToken()}`,
    () => `/rpc?token=${hostileToken()}`,
    () => '/..%2f..%2fetc/passwd',
    () => `http://${web.authority}/rpc?token=${web.token}`,
  ])();

const generators: Record<string, () => Case> = {
  garbage: () => ({ kind: 'garbage', request: bytes(int(1, 2048)) }),
  requestLine: () => ({
    kind: 'requestLine',
    request: rawRequest(`${pick(['GET', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'G\0T', '', ascii(int(1, 12))])} ${target()} ${pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', '', 'HTTP/1.1 x'])}`, pick([[], [`Host: ${web.authority}`]])),
  }),
  hostAndOrigin: () => ({
    kind: 'hostAndOrigin',
    request: rawRequest(`GET ${pick(['/', `/rpc?token=${web.token}`, `/data/x?token=${web.token}`])} HTTP/1.1`, [
      `Host: ${pick(['', 'evil.example', 'localhost:1', '[', `${web.authority}\t`, ascii(int(1, 1000)), web.authority])}`,
      `Origin: ${pick(['', 'null', 'http://evil.example', `https://${web.authority}`, ascii(int(1, 200)), web.origin])}`,
      ...pick([[], ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13']]),
    ]),
  }),
  hugeHeaders: () => ({
    kind: 'hugeHeaders',
    request: rawRequest(`GET /rpc?token=${web.token} HTTP/1.1`, [
      `Host: ${web.authority}`,
      ...pick([() => [`X-Big: ${'a'.repeat(int(8_000, 80_000))}`], () => Array.from({ length: int(100, 2000) }, (_, i) => `X-${i}: ${ascii(8)}`)])(),
    ]),
  }),
  badUpgrade: () => {
    const headers = upgradeHeaders(web);
    const mutate = pick([
      () => headers.filter((header) => !header.startsWith('Sec-WebSocket-Key')),
      () => headers.map((header) => (header.startsWith('Sec-WebSocket-Key') ? `Sec-WebSocket-Key: ${pick(['', 'short', ascii(int(1, 60))])}` : header)),
      () => headers.filter((header) => !header.startsWith('Sec-WebSocket-Version')),
      () => headers.map((header) => (header.startsWith('Sec-WebSocket-Version') ? `Sec-WebSocket-Version: ${pick(['8', '0', 'abc', '13, 8', ''])}` : header)),
      () => headers.filter((header) => !header.startsWith('Origin')),
      () => [...headers, Buffer.concat([Buffer.from('X-Bytes: '), bytes(int(1, 64)).map((byte) => (byte === 10 || byte === 13 ? 32 : byte))])],
    ]);
    return { kind: 'badUpgrade', request: rawRequest(`GET ${target()} HTTP/1.1`, mutate()), frames: Buffer.alloc(0) };
  },
  httpToken: () => ({
    kind: 'httpToken',
    request: Buffer.concat([
      rawRequest(`${pick(['GET', 'POST'])} /data/${pick(['upload', 'volume/x/voxels', 'surface/x'])}?token=${hostileToken()}&name=${pick(['..', 'a.nii', ''])} HTTP/1.1`, [
        `Host: ${web.authority}`,
        `Content-Length: ${pick([0, 16, 100, 2 << 20])}`,
      ]),
      bytes(int(0, 64)),
    ]),
  }),
  frames: () => ({
    kind: 'frames',
    request: rawRequest(`GET /rpc?token=${web.token} HTTP/1.1`, upgradeHeaders(web)),
    frames: Buffer.concat(Array.from({ length: int(1, 4) }, hostileFrame)),
  }),
};

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const messages = () =>
  pick([
    'null', '[]', '"x"', '5', 'true', '{}', '{"id":1}', '{"id":{},"method":"app.about"}', '{"id":1,"method":5}',
    '{"id":1,"method":"app.about"}', '{"id":2,"method":"no.such.call"}', '{"id":3,"method":"__proto__"}', '{"id":4,"method":"constructor"}',
    () => `{"id":5,"method":"volume.open","params":{"path":"${'a'.repeat(int(1, 100_000))}"}}`,
    () => `{"id":6,"method":"volume.list","params":${nested(int(1, 50_000))}}`,
    () => nested(int(1, 50_000)),
    () => `{"id":7,"method":"segment.apply","params":{"volumeId":"x","operation":{"tool":"grow","seeds":[${Array(int(1, 20_000)).fill('[1,2,3]').join(',')}]}}}`,
    () => ascii(int(0, 1000)),
  ]);

function hostileFrame(): Buffer {
  const text = () => {
    const message = messages();
    return Buffer.from(typeof message === 'function' ? message() : message);
  };
  return pick([
    () => clientFrame(0x1, text()),
    () => clientFrame(0x2, bytes(int(0, 4096))),
    () => clientFrame(int(0, 15), bytes(int(0, 300)), { rsv: int(0, 7), fin: random() < 0.8 }),
    () => clientFrame(0x1, text(), { masked: false }),
    () => clientFrame(0x1, Buffer.concat([Buffer.from('{"id":1,"method":"'), Buffer.from(pick([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]])), Buffer.from('"}')])),
    () => clientFrame(pick([0x8, 0x9, 0xa]), bytes(int(0, 125)), { fin: false }),
    () => clientFrame(pick([0x9, 0xa]), bytes(int(126, 300))),
    () => clientFrame(0x8, Buffer.from([pick([0, 3, 0x03, 0xff]), int(0, 255)]).subarray(0, int(1, 2))),
    () => clientFrame(0x1, bytes(int(0, 64)), { declaredLength: pick([MAX_MESSAGE_BYTES + 1, 2 ** 40, 2 ** 53 - 1]) }),
    () => clientFrame(0x1, bytes(int(0, 64)), { declaredLength: int(65, 70_000) }),
    () => clientFrame(0x0, text()),
    () => Buffer.concat([clientFrame(0x1, Buffer.from('{"id":1,'), { fin: false }), clientFrame(pick([0x0, 0x1, 0x9]), Buffer.from('"method":"app.about"}'))]),
  ])();
}

async function serverAnswers(label: string): Promise<void> {
  const response = await fetch(`${web.origin}/`);
  expect(response.status, label).toBe(200);
  await response.arrayBuffer();
}

async function contractAnswers(label: string): Promise<void> {
  const socket = new WebSocket(`${web.origin.replace('http', 'ws')}/rpc?token=${web.token}`, { headers: { Origin: web.origin } });
  const reply = await new Promise<string>((resolve, reject) => {
    socket.once('open', () => socket.send('{"id":1,"method":"app.about"}')).once('message', (data) => resolve(String(data))).once('error', reject);
  });
  socket.close();
  expect(JSON.parse(reply), label).toMatchObject({ id: 1, ok: true });
}

test(`the web host answers after each of ${CASES} hostile inputs (seed ${SEED})`, { timeout: 120_000 }, async () => {
  const kinds = Object.keys(generators);
  const counts: Record<string, number> = {};
  let timedOut = 0;
  /** Frame cases whose handshake was accepted: the frames reached the WebSocket layer. */
  let upgraded = 0;
  const started = performance.now();
  for (let done = 0; done < CASES; done += BATCH) {
    const batch = Array.from({ length: BATCH }, () => generators[pick(kinds)]!());
    const results = await Promise.all(batch.map(({ request, frames }) => exchange(web.port, request, frames)));
    for (const { kind } of batch) counts[kind] = (counts[kind] ?? 0) + 1;
    timedOut += results.filter((result) => result.timedOut).length;
    upgraded += results.filter((result, i) => batch[i]!.kind === 'frames' && result.status === 'HTTP/1.1 101 Switching Protocols').length;
    const label = `seed ${SEED}, cases ${done}-${done + BATCH - 1} (${batch.map((item) => item.kind).join(' ')})`;
    await serverAnswers(label);
    if ((done + BATCH) % 1000 === 0) await contractAnswers(label);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`web host fuzz: ${CASES} cases, seed ${SEED}, ${seconds} s, ${timedOut} left open until the 3 s wait ran out;`, counts);
  expect(Object.values(counts).reduce((a, b) => a + b)).toBe(CASES);
  expect(upgraded).toBe(counts.frames);
});
