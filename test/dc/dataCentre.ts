// A whole data centre for a sync test: the RADOS Gateway (behind a counting proxy), a bucket, the SciCat-shaped
// catalogue on PostgreSQL, and a settings folder with a target that reads its credentials from the environment.
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetInput } from '../../electron/common/syncModel';
import { TargetStore } from '../../electron/services/sync/targets';
import { startTestCatalogue, type TestCatalogue } from '../scicat/server';
import { startCountingProxy, type CountingProxy } from './countingProxy';
import { startGateway, stopGateway, type Gateway } from './rgw';

export interface DataCentre {
  gateway: Gateway;
  proxy: CountingProxy;
  catalogue: TestCatalogue;
  s3: S3Client;
  bucket: string;
  settingsDir: string;
  /** A folder for the test's own files, removed with the rest. */
  scratch: string;
  /** Environment for a CLI child or an in-process queue: settings folder and credentials. */
  env: Record<string, string>;
  /** Saves a target named `name` (through the proxy unless `direct`). */
  addTarget(name: string, extra?: Partial<TargetInput>): Promise<void>;
  /** SHA-256 of an object as the server holds it, and whether it exists. */
  serverSha256(key: string): Promise<string>;
  serverText(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  close(): Promise<void>;
}

export const ENV_PREFIX = 'VOXBENCH_TEST_DC';

/** SHA-256 by coreutils, independent of our code. */
export const sha256sum = (path: string) => execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]!;

export async function startDataCentre(): Promise<DataCentre> {
  const [gateway, catalogue] = await Promise.all([startGateway(), startTestCatalogue()]);
  const proxy = await startCountingProxy(gateway.endpoint);
  const credentials = { accessKeyId: gateway.accessKeyId, secretAccessKey: gateway.secretAccessKey };
  const s3 = new S3Client({ endpoint: gateway.endpoint, region: 'us-east-1', forcePathStyle: true, credentials, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const bucket = 'voxbench-results';
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const settingsDir = await mkdtemp(join(tmpdir(), 'voxbench-sync-settings-'));
  const scratch = await mkdtemp(join(tmpdir(), 'voxbench-sync-files-'));
  const env = {
    VOXBENCH_CONFIG_DIR: settingsDir,
    [`${ENV_PREFIX}_ACCESS_KEY_ID`]: gateway.accessKeyId,
    [`${ENV_PREFIX}_SECRET_ACCESS_KEY`]: gateway.secretAccessKey,
    [`${ENV_PREFIX}_CATALOGUE_TOKEN`]: catalogue.token,
  };
  const targets = new TargetStore(settingsDir);
  return {
    gateway,
    proxy,
    catalogue,
    s3,
    bucket,
    settingsDir,
    scratch,
    env,
    async addTarget(name, extra = {}) {
      await targets.save({
        name,
        endpoint: proxy.url,
        bucket,
        prefix: 'hospital-a',
        auth: { from: 'env', prefix: ENV_PREFIX },
        catalogue: { url: catalogue.url, owner: 'Ada Lovelace', ownerGroup: 'hospital-a', contactEmail: 'ada@hospital-a.example' },
        ...extra,
      });
    },
    async serverSha256(key) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const hash = createHash('sha256');
      for await (const chunk of object.Body as AsyncIterable<Buffer>) hash.update(chunk);
      return hash.digest('hex');
    },
    serverText: async (key) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString(),
    exists: (key) => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(() => true, () => false),
    async close() {
      s3.destroy();
      await proxy.close();
      await Promise.all([stopGateway(gateway), catalogue.close(), rm(settingsDir, { recursive: true, force: true }), rm(scratch, { recursive: true, force: true })]);
    },
  };
}

/** `voxbench sync …` as a child process, from the sources. */
export function syncCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'electron/shell/cli.ts', 'sync', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}
