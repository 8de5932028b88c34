// Publishing a ≥ 4 GiB scan as OME-Zarr to the loopback RADOS Gateway, by hand (too big for `npm run bench`; the
// gateway's memstore OSD holds every object in RAM). Needs the bundled workers: node build/build.mjs.
//   node --import tsx test/bench/publishHuge.ts make FILE.h5 GIB   (h5py writes a smooth uint16 phantom, gzip)
//   node --import tsx test/bench/publishHuge.ts run FILE.h5
// `run` builds the store once with our writer, then: the bare SDK PUTs its objects and our push sends the same
// store (as built, so both send the same bytes), each 16 in flight; a push in a child killed by SIGKILL at 40 %
// and resumed by `voxbench sync resume` (objects re-sent, counted by the proxy); and the dataset opened in place in
// browser mode (inPlaceBrowserMode.ts: `voxbench serve` from dist/, no page): Open to the first full-resolution
// slice, the next slices warm, and slices equal to h5py's read of the source.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync, spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openScan } from '../../electron/services/io/registry';
import { SyncQueue } from '../../electron/services/sync/queue';
import { buildPyramid } from '../../electron/services/volume/pyramid';
import { exited, startDataCentre, syncCli } from '../dc/dataCentre';
import { sampleProvenance } from '../dc/sampleFiles';
import { describeTimes, timeInPlace } from './inPlaceBrowserMode';
import { writePhantomH5 } from './phantomH5';

const python = '/usr/bin/python3';
const IN_FLIGHT = 16; // pushJob.ts: four objects per part lane, four lanes

/** h5py's slices across z (the file's first axis), as raw little-endian bytes. */
const H5PY_SLICES = `
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], 'r') as f:
    for z in sys.argv[3:]:
        f['data'][int(z)].astype('<u2').tofile(f'{sys.argv[2]}/{z}.raw')`;

const seconds = (from: number) => (performance.now() - from) / 1000;
const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);

async function keysOf(store: string): Promise<string[]> {
  const entries = await readdir(store, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(store, join(entry.parentPath, entry.name)));
}

/** The child killed mid-push: our queue pushing an already built store, as the app would. */
async function pushStore(settingsDir: string, store: string): Promise<void> {
  const queue = new SyncQueue({ settingsDir });
  await queue.push({ target: 'proxied', files: [], store, provenance: sampleProvenance, description: 'killed mid-push' });
  await queue.idle();
  await queue.close();
}

async function run(h5: string): Promise<void> {
  process.env.VOXBENCH_TEST_MEMSTORE_BYTES ??= String(5 * 2 ** 30);
  const dc = await startDataCentre();
  const lines: string[] = [`load average at start ${loadavg().map((value) => value.toFixed(1)).join(' ')}`];
  try {
    Object.assign(process.env, dc.env);
    const store = join(dc.scratch, 'huge.ome.zarr');
    const source = await openScan(h5);
    const voxelBytes = source.meta.dims.reduce((a, b) => a * b, 2);
    let started = performance.now();
    await buildPyramid(source, store, { compression: 'zlib', published: true });
    await source.close();
    const keys = await keysOf(store);
    const bytes = (await Promise.all(keys.map(async (key) => (await stat(join(store, key))).size))).reduce((a, b) => a + b, 0); // stat: 43,000 objects at 16 GiB, more than the open-file limit
    lines.push(`source ${source.meta.dims.join('×')} uint16, ${gib(voxelBytes)} GiB of voxels; pyramid build ${seconds(started).toFixed(1)} s; store ${keys.length} objects, ${gib(bytes)} GiB`);

    const mbs = (time: number) => `${(bytes / 2 ** 20 / time).toFixed(0)} MB/s`;
    started = performance.now();
    const waiting = [...keys];
    const lane = async () => {
      for (let key = waiting.shift(); key !== undefined; key = waiting.shift()) {
        const body = await readFile(join(store, key));
        await dc.s3.send(new PutObjectCommand({ Bucket: dc.bucket, Key: `sdk/${key}`, Body: body, ContentLength: body.length }));
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const sdk = seconds(started);
    await dc.addTarget('direct', { endpoint: dc.gateway.endpoint, catalogue: undefined, parallelParts: 4 });
    const queue = new SyncQueue({ settingsDir: dc.settingsDir });
    started = performance.now();
    const pushed = await queue.push({ target: 'direct', files: [], store, provenance: sampleProvenance, description: 'huge' });
    await queue.idle();
    const ours = seconds(started);
    await queue.close();
    lines.push(`upload: ours ${ours.toFixed(1)} s (${mbs(ours)}), bare SDK ${sdk.toFixed(1)} s (${mbs(sdk)}), ratio ${(sdk / ours).toFixed(2)}; load ${loadavg()[0]!.toFixed(1)}`);

    await dc.addTarget('proxied', { catalogue: undefined, parallelParts: 4 });
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'push-store', dc.settingsDir, store], { env: { ...process.env, ...dc.env }, stdio: 'inherit' });
    const killed = exited(child);
    const chunkPuts = (from = 0) => dc.proxy.log.slice(from).filter((entry) => entry.method === 'PUT' && entry.key.includes('/huge.ome.zarr/') && entry.status === 200).map(({ key }) => key);
    await new Promise<void>((resolve) => {
      const onResponse = () => {
        if (chunkPuts().length < keys.length * 0.4) return;
        child.kill('SIGKILL');
        dc.proxy.events.off('response', onResponse);
        resolve();
      };
      dc.proxy.events.on('response', onResponse);
    });
    await killed;
    await new Promise((resolve) => setTimeout(resolve, 500)); // answers to requests in flight reach the log
    const before = new Set(chunkPuts());
    const mark = dc.proxy.log.length;
    const resumed = await exited(syncCli(['resume'], dc.env));
    if (resumed.code !== 0) throw new Error(`sync resume failed: ${resumed.stderr}`);
    const after = chunkPuts(mark);
    const resent = after.filter((key) => before.has(key)).length;
    lines.push(`SIGKILL at ${before.size} of ${keys.length} objects stored, then sync resume: ${after.length} sent, ${resent} of them again (${((100 * resent) / keys.length).toFixed(2)} %)`);

    // Browser mode as a user starts it, with the push's target: Open → the first full-resolution z slice, warm slices.
    process.env.VOXBENCH_CONFIG_DIR = dc.settingsDir;
    await timeInPlace(`s3://direct/${pushed.datasetKey}/huge.ome.zarr`, 2, async (times, info) => {
      lines.push(`open in place (browser mode): ${describeTimes(times, 2)}`);
      const checked = [0, times.centre, info.dims[2] - 1];
      execFileSync(python, ['-c', H5PY_SLICES, h5, dc.scratch, ...checked.map(String)]);
      const equal = await Promise.all(checked.map(async (z) => Buffer.compare(Buffer.from(z === times.centre ? times.firstSlice : await times.slice(z)), await readFile(join(dc.scratch, `${z}.raw`))) === 0));
      lines.push(`slices z = ${checked.join(', ')} equal to h5py's: ${equal.join(', ')}`);
    });
  } finally {
    lines.push(`load average at end ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
    console.log(lines.join('\n'));
    await dc.close();
  }
}

const [command, path, arg] = process.argv.slice(2);
if (command === 'make' && path) {
  const side = Math.round((Number(arg ?? 4) * 2 ** 29) ** (1 / 3)); // GiB of uint16 voxels in a cube
  writePhantomH5(path, [side, side, side]);
  console.log(`${side}³ written to ${path}`);
}
else if (command === 'run' && path) await run(path);
else if (command === 'push-store' && path && arg) await pushStore(path, arg);
else throw new Error('usage: publishHuge.ts make FILE.h5 GIB | publishHuge.ts run FILE.h5');
