// The tomogram rows (tomogram.ts) for a large file, by hand (too big for `npm run bench`); the whole read is left out
// (h5py would need the volume in memory). Needs the bundled workers: node build/build.mjs.
//   node --import tsx test/bench/huge.ts make FILE.h5 GIB gzip|bitshuffle-lz4   (h5py writes a cube of uint16)
//   node --import tsx test/bench/huge.ts run FILE.h5     slices cold and warm, pyramid build (reader threads)
//   node --import tsx test/bench/huge.ts first FILE.h5   browser mode on first open: first pixels, three full-resolution
//                                                        slices, against h5py reading the three centre slices
// DROP_CACHES=1 (root) empties the page cache before each side of `first`, so both read from the disk. `npm run bench`
// runs `first` on 4 GiB files of each codec, kept in test-results/bench-data (firstOpenHuge.ts).
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { firstOpenRows } from './firstOpenHuge';
import type { BenchRow } from './row';
import { makeTomogram, tomogramFileRows, type Codec } from './tomogram';

function print(rows: BenchRow[]): void {
  console.log('| benchmark | ours (s) | reference | reference (s) | ratio | our peak MB |\n|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.ours_s.toFixed(3)} | ${r.reference} | ${r.reference_s.toFixed(3)} | ${r.ratio.toFixed(2)} | ${r.ours_peak_mb} |`);
}

const [command, path, gib, codec] = process.argv.slice(2);
const label = () => `${basename(path!)} (${(statSync(path!).size / 2 ** 30).toFixed(1)} GiB on disk)`;
if (command === 'make' && path) console.log(`${makeTomogram(path, Number(gib ?? 1), (codec ?? 'gzip') as Codec)}³ written to ${path}`);
else if (command === 'run' && path) print(tomogramFileRows(path, label(), { whole: false }));
else if (command === 'first' && path) print(await firstOpenRows(path, label(), process.env.DROP_CACHES === '1'));
else throw new Error('usage: huge.ts make FILE GIB gzip|bitshuffle-lz4 | huge.ts run FILE | huge.ts first FILE');
