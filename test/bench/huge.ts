// The tomogram rows (tomogram.ts) for a large file, by hand (too big for `npm run bench`); the whole read is left out
// (h5py would need the volume in memory). Needs the bundled workers: node build/build.mjs.
//   node --import tsx test/bench/huge.ts make FILE.h5 GIB gzip|bitshuffle-lz4   (h5py writes a cube of uint16)
//   node --import tsx test/bench/huge.ts run FILE.h5
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { makeTomogram, tomogramFileRows, type Codec } from './tomogram';

const [command, path, gib, codec] = process.argv.slice(2);
if (command === 'make' && path) console.log(`${makeTomogram(path, Number(gib ?? 1), (codec ?? 'gzip') as Codec)}³ written to ${path}`);
else if (command === 'run' && path) {
  const rows = tomogramFileRows(path, `${basename(path)} (${(statSync(path).size / 2 ** 30).toFixed(1)} GiB on disk)`, { whole: false });
  console.log('| benchmark | ours (s) | reference | reference (s) | ratio | our peak MB |\n|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.ours_s.toFixed(3)} | ${r.reference} | ${r.reference_s.toFixed(3)} | ${r.ratio.toFixed(2)} | ${r.ours_peak_mb} |`);
} else throw new Error('usage: huge.ts make FILE GIB gzip|bitshuffle-lz4 | huge.ts run FILE');
