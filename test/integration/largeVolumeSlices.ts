// Reads a scan slab by slab in a process of its own and prints what each slice's first and last voxel hold
// and how much the process's peak memory grew: largeVolumeGzip.test.ts runs it.
//   node --import tsx test/integration/largeVolumeSlices.ts SCAN
import { openScan } from '../../electron/services/io/registry';
import { slabs } from '../../electron/services/volume/model';

const before = process.memoryUsage().rss;
const source = await openScan(process.argv[2]!);
const sliceLength = source.meta.dims[0] * source.meta.dims[1];
const ends: [number, number][] = [];
for await (const slab of slabs(source)) {
  for (let at = 0; at < slab.length; at += sliceLength) ends.push([slab[at]!, slab[at + sliceLength - 1]!]);
}
await source.close();
const grownMb = (process.resourceUsage().maxRSS * 1024 - before) / 2 ** 20;
console.log(JSON.stringify({ dims: source.meta.dims, ends, grownMb }));
