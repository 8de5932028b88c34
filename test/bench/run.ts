// npm run bench: each benchmark runs our code and a reference tool on the same input in the same run,
// prints a table, and writes test-results/bench.json. ratio = reference_s / ours_s (above 1: we are faster).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchBenchmark } from './batch';
import { firstPixelRows } from './firstPixel';
import { hugeFirstOpenRows } from './firstOpenHuge';
import { inferenceBench } from './inference';
import { inferenceGpuBench } from './inferenceGpu';
import { interpolateBenchmark } from './interpolate';
import { kernelBenchmarks } from './kernels';
import { segmentEditBenchmarks } from './segmentEdit';
import { omeZarrPublishBenchmarks } from './omeZarrPublish';
import { syncBenchmarks } from './sync';
import { tomogramRows } from './tomogram';
import type { BenchRow } from './row';

interface Benchmark {
  name: string;
  /** Operation name in ours.ts and reference.py. */
  operation: string;
  input: string;
}


const data = join('test-results', 'bench-data');
const benchmarks: Benchmark[] = [
  { name: 'read NIfTI 256³ int16 .nii.gz', operation: 'read-nifti', input: 'volume-256.nii.gz' },
  { name: 'read HDF5 256³ uint16 gzip', operation: 'read-hdf5', input: 'volume-256.h5' },
  { name: 'read HDF5 256³ uint16 bitshuffle-LZ4', operation: 'read-hdf5', input: 'volume-256-bslz4.h5' },
  { name: 'sagittal slice of HDF5 256³ bitshuffle-LZ4', operation: 'slice-x', input: 'volume-256-bslz4.h5' },
  { name: 'load DICOM CT series 200 × 512² int16, rescaled', operation: 'read-dicom', input: 'dicom-ct-512' },
  // As the app opens a small volume: the open reads every slice (value range), then the renderer fetches every slab.
  { name: 'open DICOM CT series 200 × 512² int16, JPEG 2000 lossless, as the app does', operation: 'read-dicom-j2k', input: 'dicom-ct-512-j2k' },
  { name: 'open TIFF 256³ uint16 deflate (one file, 256 pages), as the app does', operation: 'read-tiff', input: 'volume-256-deflate.tif' },
];

const python = '/usr/bin/python3';
const json = (command: string, args: string[]) => JSON.parse(execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').at(-1)!);

mkdirSync(data, { recursive: true });
execFileSync(process.execPath, ['build/build.mjs'], { stdio: 'inherit' }); // rows that time the app's threads start the bundled workers
execFileSync(python, ['test/bench/reference.py', 'make', data], { stdio: 'inherit' });

const results: BenchRow[] = benchmarks.map(({ name, operation, input }) => {
  const path = join(data, input);
  const ours = json(process.execPath, ['--import', 'tsx', 'test/bench/ours.ts', operation, path]) as { seconds: number; peakMb: number };
  const reference = json(python, ['test/bench/reference.py', 'time', operation, path]) as { seconds: number; tool: string };
  return {
    name,
    ours_s: ours.seconds,
    reference: reference.tool,
    reference_s: reference.seconds,
    ratio: reference.seconds / ours.seconds,
    ours_peak_mb: Math.round(ours.peakMb),
  };
});

results.push(...tomogramRows(data));
results.push(...(await firstPixelRows(data)));
results.push(...(await hugeFirstOpenRows(data)));
results.push(...(await syncBenchmarks()));
results.push(...(await omeZarrPublishBenchmarks()));
results.push(...kernelBenchmarks());
results.push(...interpolateBenchmark());
results.push(...segmentEditBenchmarks());
results.push(...(await inferenceBench()));
results.push(...inferenceGpuBench());
results.push(...(await batchBenchmark()));

console.log('\n| benchmark | ours (s) | reference | reference (s) | ratio | our peak MB |\n|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${r.ours_s.toFixed(3)} | ${r.reference} | ${r.reference_s.toFixed(3)} | ${r.ratio.toFixed(2)} | ${r.ours_peak_mb} |`);
}
writeFileSync(join('test-results', 'bench.json'), `${JSON.stringify(results, null, 1)}\n`);
