// Our side of `npm run bench`, one benchmark per process so its peak memory is its own.
// Usage: tsx test/bench/ours.ts NAME PATH → {"seconds": best of 3, "peakMb": …}
import { openScan } from '../../electron/services/io/registry';
import { bytesPerVoxel, readRegion, slabs } from '../../electron/services/volume/model';

/** The whole volume into one array, as the reference tools return it. */
async function readWholeScan(path: string): Promise<void> {
  const source = await openScan(path);
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
console.log(JSON.stringify({ seconds: best, peakMb: process.resourceUsage().maxRSS / 1024 }));
