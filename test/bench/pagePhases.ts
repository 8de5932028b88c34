// First open of one file in browser mode, by hand, with the page's phases (pageTimeline.ts): when each view's WebGL
// context came, the levels and full slices were fetched, each view drew. Needs node build/build.mjs.
//   node --import tsx test/bench/pagePhases.ts [FILE [serve args…]]   (no FILE: the 512³ NIfTI of firstPixel.ts)
// WHOLE=1: until the whole volume is shown at full resolution, 3D view too.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { makeVolume, timeOpen } from './firstPixel';
import { formatTimeline } from './pageTimeline';

const [file, ...serveArgs] = process.argv.slice(2);
const path = file ?? join('test-results', 'bench-data', 'volume-512.nii');
if (!file) makeVolume(path);
const load = loadavg()[0]!.toFixed(1);
const times = await timeOpen(path, file ? serveArgs : ['--pyramid-above', '64'], { whole: process.env.WHOLE === '1' });
console.log(formatTimeline(times.phases));
console.log(`${path}: first pixels ${times.first.toFixed(2)} s, full-resolution slices in all three views ${times.slices.toFixed(2)} s after page load${times.whole ? `, whole volume ${times.whole.toFixed(2)} s` : ''}; peak ${Math.round(times.peakMb)} MB; load ${load} → ${loadavg()[0]!.toFixed(1)}`);
