// Sync throughput against a loopback RADOS Gateway, beside the bare AWS SDK on the same file in the same run:
// upload (ours: parallel parts read once in a worker thread, which MD5-hashes each and adds it to the file's SHA-256,
// each sent with Content-MD5 and journaled, then the manifest; SDK: one streamed PutObject),
// download (ours verifies SHA-256; SDK: GetObject to a file), and resuming a push killed at about half way
// (the built CLI, through the counting proxy that sees which parts are sent again, against uploading the whole
// file again the same way).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pullDataset } from '../../electron/services/sync/pull';
import { SyncQueue } from '../../electron/services/sync/queue';
import { exited, startDataCentre, syncCli, type DataCentre } from '../dc/dataCentre';
import { randomFile, sampleProvenance } from '../dc/sampleFiles';
import type { BenchRow } from './row';

const SIZE = 256 << 20;
const PART = 8 << 20;


/** Seconds and peak RSS (MB) of `work`. */
export async function timed(work: () => Promise<unknown>): Promise<{ seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return { seconds: (performance.now() - started) / 1000, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
}

export const row = (name: string, ours: { seconds: number; peakMb: number }, reference: string, referenceSeconds: number): BenchRow => ({
  name,
  ours_s: ours.seconds,
  reference,
  reference_s: referenceSeconds,
  ratio: referenceSeconds / ours.seconds,
  ours_peak_mb: Math.round(ours.peakMb),
});

/** `voxbench sync …` as users run it: the built CLI (bin/voxbench.js; `node build/build.mjs`), not the sources through tsx, whose transpiling at each start is no part of it. */
function installedSyncCli(args: string[], env: Record<string, string>) {
  if (!existsSync('dist/electron/cli.js')) throw new Error('test/bench/sync.ts: the resume row runs the built CLI; run `node build/build.mjs` first.');
  return spawn(process.execPath, ['bin/voxbench.js', 'sync', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function resumeAfterKill(dc: DataCentre, file: string): Promise<BenchRow> {
  const child = syncCli(['push', '--target', 'bench', file], dc.env);
  const killed = exited(child);
  const half = SIZE / PART / 2;
  const onResponse = () => dc.proxy.storedParts().length >= half && child.kill('SIGKILL');
  dc.proxy.events.on('response', onResponse);
  const { signal, stderr } = await killed;
  dc.proxy.events.off('response', onResponse);
  if (signal !== 'SIGKILL') throw new Error(`the push ended before it was killed: ${stderr}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const mark = dc.proxy.log.length;
  const before = new Set(dc.proxy.log.filter((entry) => entry.partNumber).map(({ key, partNumber }) => `${key}#${partNumber}`));
  const resume = await timed(() => exited(installedSyncCli(['resume'], dc.env)));
  const resent = dc.proxy.storedParts(mark).filter((part) => before.has(part)).length;
  // The resume's requests pass the counting proxy (in this process), which halves the gateway's speed here: the reference takes the same way.
  const { accessKeyId, secretAccessKey } = dc.gateway;
  const viaProxy = new S3Client({ endpoint: dc.proxy.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const whole = await timed(() => viaProxy.send(new PutObjectCommand({ Bucket: dc.bucket, Key: 'bench/again.bin', Body: createReadStream(file), ContentLength: SIZE })));
  viaProxy.destroy();
  return row(`voxbench sync resume of a 256 MiB push killed at half way, built CLI's start included (${resent} part(s) = ${(resent * PART) / 2 ** 20} MiB sent again; limit: 4 in flight)`, resume, 'aws-sdk PutObject of the whole file, through the same counting proxy', whole.seconds);
}

export async function syncBenchmarks(): Promise<BenchRow[]> {
  const dc = await startDataCentre();
  try {
    Object.assign(process.env, dc.env);
    const dir = dc.scratch;
    const file = await randomFile(join(dir, 'bench.bin'), SIZE);
    await dc.addTarget('bench', { endpoint: dc.gateway.endpoint, catalogue: undefined, partSize: PART, parallelParts: 4 });
    const queue = new SyncQueue({ settingsDir: dc.settingsDir });
    const sdkUpload = await timed(() => dc.s3.send(new PutObjectCommand({ Bucket: dc.bucket, Key: 'bench/sdk.bin', Body: createReadStream(file), ContentLength: SIZE })));
    let datasetKey = '';
    let queued = 0;
    const ourUpload = await timed(async () => {
      const job = await queue.push({ target: 'bench', files: [file], provenance: sampleProvenance, description: 'bench' });
      queued = performance.now();
      datasetKey = job.datasetKey;
      await queue.idle();
    });
    const uploadPhase = { ...ourUpload, seconds: (performance.now() - queued) / 1000 };
    const target = (await queue.targets.list())[0]!;
    const credentials = { accessKeyId: dc.gateway.accessKeyId, secretAccessKey: dc.gateway.secretAccessKey };
    const sdkDownload = await timed(async () => {
      const object = await dc.s3.send(new GetObjectCommand({ Bucket: dc.bucket, Key: 'bench/sdk.bin' }));
      await pipeline(object.Body as Readable, createWriteStream(join(dir, 'sdk-download.bin')));
    });
    const ourDownload = await timed(() => pullDataset(target, credentials, datasetKey, join(dir, 'pulled')));
    await queue.close();
    await dc.addTarget('bench', { catalogue: undefined, partSize: PART, parallelParts: 4 }); // through the counting proxy
    return [
      row('sync push 256 MiB to loopback RADOS Gateway (the file read once: SHA-256 of the parts as they are read for upload)', ourUpload, 'aws-sdk PutObject (stream)', sdkUpload.seconds),
      row('sync upload phase of that push (from the job queued: parallel parts, MD5 each and the SHA-256 in a worker, journal, manifest)', uploadPhase, 'aws-sdk PutObject (stream)', sdkUpload.seconds),
      row('sync pull 256 MiB with SHA-256 verification', ourDownload, 'aws-sdk GetObject to file', sdkDownload.seconds),
      await resumeAfterKill(dc, file),
    ];
  } finally {
    await dc.close();
  }
}
