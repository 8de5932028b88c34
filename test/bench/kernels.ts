// Segmentation-kernel benchmarks for `npm run bench`: our kernels (native addon, or TypeScript with
// VOXBENCH_KERNELS=typescript) against scipy / scikit-image on the same 256³ and 512³ phantoms, each run in its own
// process so peak memory is its own. Usage as a child: tsx test/bench/kernels.ts OP DIR N → {"seconds", "peakMb", "backend"}
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as kernels from '../../electron/services/segment/kernels/index.js';
import type { Dims } from '../../electron/services/segment/kernels/index.js';

interface Phantom {
  image: Int16Array;
  mask: Uint8Array;
  dims: Dims;
  seed: number;
  threshold: number;
  dilateMm: number;
}

// Smoothing is timed at 256³ alone: scipy's median_filter takes half a minute at 512³.
const operations: Record<string, { label: string; run: (p: Phantom) => unknown; only256?: boolean }> = {
  components: { label: 'connected components (6)', run: (p) => kernels.labelComponents(p.mask, p.dims, 6) },
  'marching-cubes': { label: 'marching cubes of a mask', run: (p) => kernels.marchingCubes(p.mask, p.dims, [1, 1, 1], 0.5) },
  dilate: { label: 'dilate by a 3 mm ball', run: (p) => kernels.dilate(p.mask, p.dims, [1, 1, 1], p.dilateMm) },
  grow: { label: 'region growing from a seed', run: (p) => kernels.growRegion(p.image, p.dims, [p.seed], [p.threshold, 32767], 6) },
  median: { label: 'median smoothing, 3³ box', run: (p) => kernels.medianFilter(p.mask, p.dims, 1), only256: true },
  gaussian: { label: 'Gaussian smoothing, sigma 1.5 mm', run: (p) => kernels.gaussianSmooth(p.mask, p.dims, [1, 1, 1], 1.5), only256: true },
};

const python = '/usr/bin/python3';
/** Each side runs an operation this many times in one process and reports the median (a neighbour's burst or a first-touch page fault moves one run by 2–3×). */
const runs = 3;
const script = 'test/bench/kernel_reference.py';
const lastJson = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;

function loadPhantom(dir: string, n: number): Phantom {
  const bytes = readFileSync(join(dir, `phantom-${n}.raw`));
  const image = new Int16Array(bytes.buffer, bytes.byteOffset, n ** 3);
  const meta = JSON.parse(readFileSync(join(dir, `phantom-${n}.json`), 'utf8')) as { seed: number; threshold: number; dilateMm: number };
  const mask = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) mask[i] = image[i]! >= meta.threshold ? 1 : 0;
  return { image, mask, dims: [n, n, n], ...meta };
}

/** Rows for test/bench/run.ts: every kernel at 256³ and 512³ against its reference. */
export function kernelBenchmarks(dir = join('test-results', 'bench-data')) {
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, ['build/native.mjs'], { stdio: 'inherit' });
  return [256, 512].flatMap((n) => {
    execFileSync(python, [script, 'make', dir, String(n)], { stdio: 'inherit' });
    return Object.entries(operations).flatMap(([op, { label, only256 }]) => {
      if (only256 && n !== 256) return [];
      const ours = lastJson(execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/kernels.ts', op, dir, String(n)], { encoding: 'utf8' }));
      const reference = lastJson(execFileSync(python, [script, 'time', op, dir, String(n)], { encoding: 'utf8' }));
      const [ours_s, reference_s] = [ours.seconds as number, reference.seconds as number];
      return {
        name: `${label} ${n}³ (${ours.backend as string})`,
        ours_s,
        reference: reference.tool as string,
        reference_s,
        ratio: reference_s / ours_s,
        ours_peak_mb: Math.round(ours.peakMb as number),
      };
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [op, dir, n] = process.argv.slice(2);
  const phantom = loadPhantom(dir!, Number(n));
  const times = Array.from({ length: runs }, () => {
    const start = performance.now();
    operations[op!]!.run(phantom);
    return (performance.now() - start) / 1000;
  });
  const seconds = times.sort((a, b) => a - b)[runs >> 1]!;
  console.log(JSON.stringify({ seconds, peakMb: process.resourceUsage().maxRSS / 1024, backend: kernels.kernelBackend }));
}
