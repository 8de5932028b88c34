// A real S3 server for the sync tests: a throw-away one-node Ceph RADOS Gateway on 127.0.0.1 (start-rgw.sh),
// on ports and in a folder of its own per run, so parallel runs and other clusters on this machine never meet.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const here = import.meta.dirname;
const run = promisify(execFile);

export interface Gateway {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  base: string;
  /** Seconds from the script's start until the gateway answered with a user in place. */
  startSeconds: number;
}


export async function startGateway(): Promise<Gateway> {
  const base = await mkdtemp(join(tmpdir(), 'voxbench-rgw-'));
  const [rgw, monV2, monV1] = [await freePort(), await freePort(), await freePort()];
  const osdMin = 24_000 + Math.floor(Math.random() * 80) * 100; // a 100-port window of its own for the OSD, below the ephemeral range (ports.ts)
  const env = {
    ...process.env,
    BASE: base,
    RGW_PORT: String(rgw),
    MON_V2_PORT: String(monV2),
    MON_V1_PORT: String(monV1),
    OSD_PORT_MIN: String(osdMin),
    OSD_PORT_MAX: String(osdMin + 99),
    MEMSTORE_BYTES: process.env.VOXBENCH_TEST_MEMSTORE_BYTES ?? String(1536 << 20), // big runs by hand raise it (objects live in RAM)
  };
  const { stdout } = await run(join(here, 'start-rgw.sh'), [], { env, timeout: 90_000 });
  return {
    endpoint: `http://127.0.0.1:${rgw}`,
    accessKeyId: 'TESTKEY',
    secretAccessKey: 'TESTSECRET',
    base,
    startSeconds: Number(/startup\s*:\s*([\d.]+)/.exec(stdout)?.[1] ?? NaN),
  };
}

const cluster = (gateway: Gateway) => join(gateway.base, 'cluster');

/** The network drops: the gateway process stops (its objects and pending uploads stay in the cluster). */
export function stopGatewayDaemon(gateway: Gateway): void {
  const pid = Number(readFileSync(join(cluster(gateway), 'rgw.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      execFileSync('sleep', ['0.05']);
    } catch {
      return;
    }
  }
}

/** The network is back: the same gateway starts again on the same port. */
export async function restartGatewayDaemon(gateway: Gateway): Promise<void> {
  const conf = join(cluster(gateway), 'ceph.conf');
  await run('radosgw', ['-c', conf, '-n', 'client.rgw.a'], { timeout: 60_000 });
  for (let i = 0; i < 200; i++) {
    const answer = await fetch(gateway.endpoint).then((response) => response.text(), () => '');
    if (answer.includes('ListAllMyBucketsResult')) {
      execFileSync('cp', [join(cluster(gateway), 'run', 'ceph-client.rgw.a.pid'), join(cluster(gateway), 'rgw.pid')]);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`radosgw did not come back on ${gateway.endpoint}; logs in ${cluster(gateway)}/log`);
}

export async function stopGateway(gateway: Gateway): Promise<void> {
  await run(join(here, 'stop-rgw.sh'), [], { env: { ...process.env, BASE: gateway.base } });
  await rm(gateway.base, { recursive: true, force: true });
}
