// Segment-edit benchmark for `npm run bench`: a threshold over a whole 256³ scan through the segment store as the
// app runs it (window pieces in a worker, bricks, undo's saved bricks, the changed box), with the default memory
// and under a 64 MiB budget (pieces, deflated bricks), against numpy thresholding into a labelmap held in memory.
// As a child: tsx test/bench/segmentEdit.ts SCAN [BUDGET_MB] → {"seconds", "peakMb"}
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const range: [number, number] = [300, 3000];

/** Rows for test/bench/run.ts (SCAN is reference.py's volume-256.nii.gz). */
export function segmentEditBenchmarks(dir = join('test-results', 'bench-data')) {
  const scan = join(dir, 'volume-256.nii.gz');
  const numpy = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', THRESHOLD_PY, scan, ...range.map(String)], { encoding: 'utf8' }),
  ) as { seconds: number };
  return [undefined, 64].map((budget) => {
    const env = { ...process.env, ...(budget ? { VOXBENCH_SEGMENT_MEMORY_MB: String(budget) } : {}) };
    const ours = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/segmentEdit.ts', scan], { encoding: 'utf8', env }).trim().split('\n').at(-1)!) as { seconds: number; peakMb: number };
    return {
      name: `threshold edit of a 256³ scan through the segment store${budget ? `, ${budget} MiB segmentation memory (pieces, deflated bricks)` : ''}`,
      ours_s: ours.seconds,
      reference: 'numpy threshold into a labelmap array',
      reference_s: numpy.seconds,
      ratio: numpy.seconds / ours.seconds,
      ours_peak_mb: Math.round(ours.peakMb),
    };
  });
}

const THRESHOLD_PY = `
import json, sys, time
import nibabel as nib, numpy as np
data = np.asarray(nib.load(sys.argv[1]).dataobj)
lo, hi = float(sys.argv[2]), float(sys.argv[3])
best = 1e9
for _ in range(3):
    labels = np.zeros(data.shape, np.uint8)
    start = time.perf_counter()
    labels[(data >= lo) & (data <= hi)] = 1
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best}))
`;

async function child(scan: string): Promise<void> {
  const { createHost, noDialogs } = await import('../../electron/shell/host.js');
  const { createServices } = await import('../../electron/services/services.js');
  const cacheDir = join(mkdtempSync(join(tmpdir(), 'voxbench-bench-')), 'pyramids');
  const host = createHost(createServices({ root: process.cwd(), transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir } }));
  const ok = async (method: string, params: unknown) => {
    const reply = await host.dispatch(method, params);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.result as { id: string };
  };
  const volumeId = (await ok('volume.open', { path: scan })).id;
  await ok('segment.add', { volumeId });
  // The first edit reads the image and starts the worker: not timed (numpy's load is not timed either).
  await ok('segment.apply', { volumeId, operation: { tool: 'threshold', segment: 1, range: [range[0] + 1, range[1]] } });
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    await ok('segment.apply', { volumeId, operation: { tool: 'threshold', segment: 1, range: [0, 0] } });
    const start = performance.now();
    await ok('segment.apply', { volumeId, operation: { tool: 'threshold', segment: 1, range } });
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  await host.close();
  console.log(JSON.stringify({ seconds: best, peakMb: process.resourceUsage().maxRSS / 1024 }));
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await child(process.argv[2]!);
