// Batch throughput: 8 tasks through a real one-node Slurm reached over SSH (submission, array tasks side by side,
// polling, results) against the same 8 tasks run one after another here through the same worker bundle's CLI, in
// the same run. A task is the batch tests' recipe (threshold, fill holes, grow, dilate, islands, smooth, logical
// copy, close) on a 256³ int16 scan: make_batch.py's scan resampled 4× finer, the same anatomy in mm.
// Per-task overhead = (Slurm wall × cores − the local sum) / tasks: the node-seconds a task costs beyond its work.
//   node --import tsx test/bench/batch.ts      (also a row of npm run bench)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { submitBatch, waitForBatch } from '../../electron/services/batch/batchJobs';
import { sshCluster } from '../../electron/services/batch/sshCluster';
import { installWorkerBundle } from '../../electron/services/batch/workerBundle';
import { startSlurm, stopSlurm } from '../dc/slurm';
import { generatedDir } from '../fixtures/reference';
import { saveSessionRecipe } from '../integration/batchFixtures';
import { root } from '../integration/segmentHarness';
import type { BenchRow } from './row';

const TASKS = 8;
const RESAMPLE = `
import sys, nibabel as nib, numpy as np
from scipy.ndimage import zoom
source, target, factor = sys.argv[1], sys.argv[2], float(sys.argv[3])
image = nib.load(source)
a = image.affine.copy()
a[:3, :3] /= factor
a[:3, 3] += image.affine[:3, :3] @ np.full(3, (1 / factor - 1) / 2)
nib.save(nib.Nifti1Image(zoom(np.asarray(image.dataobj), factor, order=0).astype(np.int16), a), target)
`;

export async function batchBenchmark(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'voxbench-bench-batch-'));
  const slurm = await startSlurm();
  const cluster = await sshCluster(slurm.login);
  try {
    const recipe = join(work, 'session.recipe.json');
    await saveSessionRecipe(recipe);
    const inputs = Array.from({ length: TASKS }, (_, i) => join(work, `scan_${i}_256.nii.gz`));
    inputs.forEach((path, i) => execFileSync('/usr/bin/python3', ['-c', RESAMPLE, join(generatedDir, 'batch', `scan_${i}.nii.gz`), path, '4']));

    const cli = join(root, 'dist', 'worker', 'dist', 'electron', 'cli.js');
    mkdirSync(join(work, 'local'));
    const localStarted = performance.now();
    for (const [i, input] of inputs.entries()) execFileSync(process.execPath, [cli, 'recipe', 'run', recipe, input, '-o', join(work, 'local', `${i}.labels.nii.gz`)]);
    const localSeconds = (performance.now() - localStarted) / 1000;

    const bundleDir = join(root, 'dist', 'worker');
    const remoteRoot = join(work, 'cluster');
    await installWorkerBundle(cluster, bundleDir, remoteRoot); // once per version, not per batch: not timed
    const slurmStarted = performance.now();
    const { job } = await submitBatch(cluster, join(work, 'journal'), { recipe, inputs, outDir: join(work, 'slurm'), remoteRoot, bundleDir, resources: { cpus: 1, memMb: 900, minutes: 30, throttle: TASKS }, where: { kind: 'slurm', login: slurm.login } });
    const done = await waitForBatch(cluster, join(work, 'journal'), job.id);
    const slurmSeconds = (performance.now() - slurmStarted) / 1000;
    const failed = done.tasks.filter((task) => task.state !== 'done');
    if (failed.length) throw new Error(`batch bench: ${failed.map((task) => `${task.index}: ${task.reason}`).join('; ')}`);
    const cores = availableParallelism();
    const overhead = (slurmSeconds * cores - localSeconds) / TASKS;
    const inTask = done.tasks.reduce((sum, task) => sum + task.seconds!, 0) / TASKS;
    return [
      {
        name: `batch: ${TASKS} tasks through Slurm over SSH on ${cores} cores (recipe of 13 steps on a 256³ int16 scan; ${(localSeconds / TASKS).toFixed(1)} s a task here, ${inTask.toFixed(1)} s inside a Slurm task; per-task overhead ${overhead.toFixed(2)} s)`,
        ours_s: slurmSeconds,
        reference: `the same ${TASKS} one after another here (voxbench recipe run)`,
        reference_s: localSeconds,
        ratio: localSeconds / slurmSeconds,
        ours_peak_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
      },
    ];
  } finally {
    await cluster.close();
    await stopSlurm(slurm);
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await batchBenchmark(), null, 1));
