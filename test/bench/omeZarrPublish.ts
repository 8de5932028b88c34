// Publishing a scan as OME-Zarr to a loopback RADOS Gateway, beside the bare AWS SDK PUTting the same objects
// (the same store, built here by the same writer) with as many requests in flight, in the same run: the whole
// publish (chunks go up while the pyramid is built in a worker) against the build then the SDK's upload, and the
// upload alone (the same store pushed as an already built one) against the SDK's.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openScan } from '../../electron/services/io/registry';
import { type PushRequest, SyncQueue } from '../../electron/services/sync/queue';
import { buildPyramid } from '../../electron/services/volume/pyramid';
import { startDataCentre } from '../dc/dataCentre';
import { sampleProvenance } from '../dc/sampleFiles';
import type { BenchRow } from './row';
import { row, timed } from './sync';

const SIDE = 512; // 512³ uint16: 256 MiB of voxels, 585 chunks of 64³ in 4 levels
const PARALLEL_PARTS = 4;
const IN_FLIGHT = PARALLEL_PARTS * 4; // pushJob.ts: four objects per part lane

const script = fileURLToPath(new URL('../integration/omeZarrPublishReference.py', import.meta.url));

async function putAll(send: (key: string, body: Buffer) => Promise<unknown>, dir: string): Promise<void> {
  const keys = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
  const lane = async () => {
    for (let key = keys.shift(); key !== undefined; key = keys.shift()) await send(key, await readFile(join(dir, key)));
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

export async function omeZarrPublishBenchmarks(): Promise<BenchRow[]> {
  const dc = await startDataCentre();
  try {
    Object.assign(process.env, dc.env);
    const scan = join(dc.scratch, 'bench.nii');
    execFileSync('/usr/bin/python3', [script, 'make', scan, String(SIDE), String(SIDE), String(SIDE), 'int16']);
    await dc.addTarget('bench', { endpoint: dc.gateway.endpoint, catalogue: undefined, parallelParts: PARALLEL_PARTS });
    // The same store our push builds (the build is deterministic), for the SDK to upload.
    const store = join(dc.scratch, 'sdk.ome.zarr');
    const source = await openScan(scan);
    const build = await timed(() => buildPyramid(source, store, { compression: 'zlib', published: true }));
    await source.close();
    const sdkPut = (run: string) => timed(() => putAll((key, body) => dc.s3.send(new PutObjectCommand({ Bucket: dc.bucket, Key: `sdk-${run}/${key}`, Body: body, ContentLength: body.length })), store));
    const sdkBefore = await sdkPut('before');

    const queue = new SyncQueue({ settingsDir: dc.settingsDir });
    const push = (request: Pick<PushRequest, 'files' | 'as' | 'store'>) =>
      timed(async () => {
        await queue.push({ target: 'bench', provenance: sampleProvenance, description: 'bench', ...request });
        await queue.idle();
      });
    const ours = await push({ files: [scan], as: 'ome-zarr' });
    const upload = await push({ files: [], store });
    const failed = (await queue.jobs()).find((job) => job.state !== 'done');
    await queue.close();
    if (failed) throw new Error(`a publish ended ${failed.state}: ${failed.error?.message}`);
    // The SDK before and after ours: the gateway's memory store slows as it fills, and neither should gain by going first.
    const sdkAfter = await sdkPut('after');
    const sdk = { seconds: (sdkBefore.seconds + sdkAfter.seconds) / 2 };
    console.error(`OME-Zarr publish bench: SDK ${sdkBefore.seconds.toFixed(1)} s before ours, ${sdkAfter.seconds.toFixed(1)} s after`);
    const mb = (seconds: number) => `${(((SIDE ** 3 * 2) / 2 ** 20) / seconds).toFixed(0)} MB/s of voxels`;
    return [
      row(`sync push --as ome-zarr of a ${SIDE}³ int16 NIfTI (chunks sent while the pyramid is built; ${mb(ours.seconds)})`, ours, `pyramid build (${build.seconds.toFixed(1)} s) then aws-sdk PutObject of the same objects, ${IN_FLIGHT} in flight (mean of a run before ours and one after)`, build.seconds + sdk.seconds),
      row(`its upload alone: the same store pushed as built (Content-MD5 each, journaled; ${mb(upload.seconds)})`, upload, `aws-sdk PutObject of the same objects, ${IN_FLIGHT} in flight (mean of before and after)`, sdk.seconds),
    ];
  } finally {
    await dc.close();
  }
}
