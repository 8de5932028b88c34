// Our side of `npm run bench`, one benchmark per process so its peak memory is its own.
// Usage: tsx test/bench/ours.ts NAME PATH → {"seconds": best of 3, "peakMb": …}
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openScan } from '../../electron/services/io/registry';
import { bytesPerVoxel, readRegion, slabs, type VolumeSource } from '../../electron/services/volume/model';
import { ReaderThreads } from '../../electron/services/volume/readerThreads';
import { openInWorker } from '../../electron/services/volume/workerSource';

/** The whole volume into one array, as the reference tools return it. */
async function readWholeScan(path: string): Promise<void> {
  await readWhole(await openScan(path));
}

/** Started on the first app-style open only, so the other rows run without a spare thread beside them. */
let readers: ReaderThreads | undefined;

/** As the app opens a volume under the pyramid size: in a reader thread (the value range read at open), then every
 * slab as the renderer fetches them. */
async function openWhole(path: string): Promise<void> {
  readers ??= new ReaderThreads();
  readers.warm();
  await readers.spareReady(); // the app keeps a warmed spare reader: its start is not the open's
  const { source } = await openInWorker(path, {}, { pyramids: { cacheDir: join(tmpdir(), 'voxbench-bench-pyramids'), largeBytes: 512 << 20 }, readers });
  await readWhole(source);
}

async function readWhole(source: VolumeSource): Promise<void> {
  const sink = new Uint8Array(source.meta.dims.reduce((a, b) => a * b) * bytesPerVoxel(source.meta.dtype));
  let at = 0;
  for await (const slab of slabs(source)) {
    sink.set(new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength), at);
    at += slab.byteLength;
  }
  await source.close();
}

/** The plane x = 128, across every chunk of the volume. */
async function sagittalSlice(path: string): Promise<void> {
  const source = await openScan(path);
  const [, ny, nz] = source.meta.dims;
  await readRegion(source, { min: [128, 0, 0], max: [129, ny, nz] });
  await source.close();
}

export const operations: Record<string, (path: string) => Promise<void>> = {
  'read-nifti': readWholeScan,
  'read-hdf5': readWholeScan,
  'read-dicom': readWholeScan,
  'read-dicom-j2k': openWhole,
  'read-tiff': openWhole,
  'read-one-thread': readWholeScan,
  'slice-x': sagittalSlice,
};

const [name, path] = process.argv.slice(2);
const operation = operations[name!]!;
let best = Infinity;
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  await operation(path!);
  best = Math.min(best, (performance.now() - start) / 1000);
}
await readers?.close();
console.log(JSON.stringify({ seconds: best, peakMb: process.resourceUsage().maxRSS / 1024 }));
