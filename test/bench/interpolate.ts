// Slice-interpolation benchmark for `npm run bench`: our interpolateSlices against ITK's
// MorphologicalContourInterpolator (test/reference/itk-mci, timing its Update() only, not the compile or file I/O)
// on 256³ overlapping balls painted on every 8th slice. As a child: tsx test/bench/interpolate.ts DIR → {"seconds", "peakMb"}
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { interpolateSlices } from '../../electron/services/segment/kernels/index.js';
import { buildItkMci } from '../reference/buildItkMci.js';

const n = 256;
const step = 8;

/** 60 balls of radius 8–30 voxels at fixed pseudo-random places, kept on every `step`th z slice. */
function paintedBalls(): Uint8Array {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const mask = new Uint8Array(n ** 3);
  for (let k = 0; k < 60; k++) {
    const r = 8 + 22 * random();
    const [cx, cy, cz] = [0, 0, 0].map(() => r + (n - 2 * r) * random()) as [number, number, number];
    for (let z = Math.ceil(cz - r); z <= cz + r; z++) {
      if (z % step) continue;
      for (let y = Math.ceil(cy - r); y <= cy + r; y++) {
        for (let x = Math.ceil(cx - r); x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r * r) mask[x + n * (y + n * z)] = 1;
      }
    }
  }
  return mask;
}

/** One row for test/bench/run.ts. */
export function interpolateBenchmark(dir = join('test-results', 'bench-data')) {
  mkdirSync(dir, { recursive: true });
  const input = join(dir, `painted-balls-${n}.raw`);
  writeFileSync(input, paintedBalls());
  const ours = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/interpolate.ts', input], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as { seconds: number; peakMb: number };
  const itk = JSON.parse(execFileSync(buildItkMci(), [String(n), String(n), String(n), '2', input, join(dir, `itk-interpolated-${n}.raw`)], { encoding: 'utf8' })) as { seconds: number };
  return [
    {
      name: `interpolate between slices ${n}³, every ${step}th painted`,
      ours_s: ours.seconds,
      reference: 'ITK MorphologicalContourInterpolator',
      reference_s: itk.seconds,
      ratio: itk.seconds / ours.seconds,
      ours_peak_mb: Math.round(ours.peakMb),
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mask = new Uint8Array(readFileSync(process.argv[2]!));
  const start = performance.now();
  interpolateSlices(mask, [n, n, n], 2);
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ seconds, peakMb: process.resourceUsage().maxRSS / 1024 }));
}
