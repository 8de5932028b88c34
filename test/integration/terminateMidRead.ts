// Terminates reader workers while the native addon decodes a large region for them, in a process of its own (the
// parent checks that it lives on: an async read finishing after its worker is gone once aborted the whole process
// with "terminate called after throwing Napi::Error"), then reads a region in a fresh worker and prints its SHA-256.
// Usage: tsx terminateMidRead.ts FILE.h5 CACHE_DIR → one line per terminated read, then the region's digest.
import { createHash } from 'node:crypto';
import type { ReaderCalls } from '../../electron/services/volume/readerWorker';
import { WorkerClient } from '../../electron/workers/client';
import type { Box } from '../../electron/services/volume/model';

const [path, cacheDir] = process.argv.slice(2) as [string, string];
// A large volume (largeBytes 0) opens without reading every slice: its reads are then only the ones asked for here.
const open = async () => {
  const reader = new WorkerClient<ReaderCalls>('readerWorker', { name: 'A reader terminated mid-read', cancel: 'message' });
  const { meta } = await reader.request('open', { path, options: {}, pyramids: { cacheDir, largeBytes: 0 } });
  return { reader, whole: { min: [0, 0, 0], max: meta.dims } as Box };
};

for (const delayMs of [0, 20, 60, 150]) {
  const { reader, whole } = await open();
  const started = performance.now();
  const read = reader.request('region', { box: whole }).then(() => 'finished', (error: Error) => error.message.split(':')[0]);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  await reader.close();
  console.log(`terminated ${delayMs} ms into a whole read (${(performance.now() - started).toFixed(0)} ms): ${await read}`);
}
// Reads still decoding for the terminated workers end meanwhile; the process must still be here afterwards.
await new Promise((resolve) => setTimeout(resolve, 3000));
const { reader } = await open();
const region = await reader.request('region', { box: { min: [0, 50, 100], max: [512, 450, 300] } });
await reader.close();
console.log(`region ${createHash('sha256').update(new Uint8Array(region.buffer, region.byteOffset, region.byteLength)).digest('hex')}`);
