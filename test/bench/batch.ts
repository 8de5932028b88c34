// Batch throughput: 8 tasks through a real one-node Slurm reached over SSH (submission, array tasks side by side,
// waiting for results, reading them back) against the same 8 tasks run one after another here through the same
// worker bundle's CLI, in the same run. A task is the batch tests' recipe (threshold, fill holes, grow, dilate,
// islands, smooth, logical copy, close) on a 512³ int16 scan (a CT's size; ~17 s a task here): make_batch.py's 64³
// scan resampled 8× finer, the same anatomy in mm (VOXBENCH_BATCH_SIDE=N for N³; 256³ tasks of ~3 s show the fixed
// per-task costs more).
// Per-task overhead = (Slurm wall × cores − the local sum) / tasks: the node-seconds a task costs beyond its work;
// where it goes is timed from each task's result (start, runtime) and log (seconds in the recipe): submission,
// Slurm's launch of the first tasks, the CLI's start and exit inside a task, cores idle between tasks (Slurm
// launching the next array task), and the time from the last task's end to its result read back here.
//   node --import tsx test/bench/batch.ts      (also a row of npm run bench; VOXBENCH_BATCH_TASKS=N for fewer)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

const TASKS = Number(process.env.VOXBENCH_BATCH_TASKS ?? 8);
const SIDE = Number(process.env.VOXBENCH_BATCH_SIDE ?? 512);
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
    const inputs = Array.from({ length: TASKS }, (_, i) => join(work, `scan_${i}_${SIDE}.nii.gz`));
    inputs.forEach((path, i) => execFileSync('/usr/bin/python3', ['-c', RESAMPLE, join(generatedDir, 'batch', `scan_${i}.nii.gz`), path, String(SIDE / 64)]));

    const cli = join(root, 'dist', 'worker', 'dist', 'electron', 'cli.js');
    mkdirSync(join(work, 'local'));
    const localStarted = performance.now();
    for (const [i, input] of inputs.entries()) execFileSync(process.execPath, [cli, 'recipe', 'run', recipe, input, '-o', join(work, 'local', `${i}.labels.nii.gz`)]);
    const localSeconds = (performance.now() - localStarted) / 1000;

    const bundleDir = join(root, 'dist', 'worker');
    const remoteRoot = join(work, 'cluster');
    await installWorkerBundle(cluster, bundleDir, remoteRoot); // once per version, not per batch: not timed
    const slurmStarted = performance.now();
    const submittedAt = Date.now();
    const { job } = await submitBatch(cluster, join(work, 'journal'), { recipe, inputs, outDir: join(work, 'slurm'), remoteRoot, bundleDir, resources: { cpus: 1, memMb: 900, minutes: 30, throttle: TASKS }, where: { kind: 'slurm', login: slurm.login } });
    const submitSeconds = (performance.now() - slurmStarted) / 1000;
    const done = await waitForBatch(cluster, join(work, 'journal'), job.id);
    const slurmSeconds = (performance.now() - slurmStarted) / 1000;
    const seenAt = Date.now();
    const failed = done.tasks.filter((task) => task.state !== 'done');
    if (failed.length) throw new Error(`batch bench: ${failed.map((task) => `${task.index}: ${task.reason}`).join('; ')}`);
    const cores = availableParallelism();
    const overhead = (slurmSeconds * cores - localSeconds) / TASKS;
    const inTask = done.tasks.reduce((sum, task) => sum + task.seconds!, 0) / TASKS;
    const where = whereTimeGoes(job.jobDir, submittedAt, submitSeconds, seenAt, cores);
    console.error(`batch bench: ${JSON.stringify({ tasks: TASKS, cores, localSeconds, slurmSeconds, overhead, ...where })}`);
    return [
      {
        name: `batch: ${TASKS} tasks through Slurm over SSH on ${cores} cores (recipe of 13 steps on a ${SIDE}³ int16 scan; per-task overhead ${overhead.toFixed(2)} s: two side by side ${(inTask - localSeconds / TASKS).toFixed(2)} s slower each (${inTask.toFixed(1)} s inside a Slurm task, of which CLI start and exit ${where.cliPerTask.toFixed(2)}, against ${(localSeconds / TASKS).toFixed(1)} s here), cores idle between tasks ${where.idlePerTask.toFixed(2)}, submission ${where.submitPerTask.toFixed(2)}, first launch ${where.firstLaunchPerTask.toFixed(2)}, result read back ${where.readBackPerTask.toFixed(2)})`,
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

/** Where the batch's time went, per task, from the results (start, runtime) and logs (seconds inside the recipe) of its tasks. */
function whereTimeGoes(jobDir: string, submittedAt: number, submitSeconds: number, seenAt: number, cores: number) {
  const tasks = Array.from({ length: TASKS }, (_, i) => {
    const result = JSON.parse(readFileSync(join(jobDir, 'results', `${i}.json`), 'utf8')) as { started: number; ms: number };
    const inRecipe = Number(/ in ([\d.]+) s; wrote/.exec(readFileSync(join(jobDir, 'logs', `${i}.log`), 'utf8'))?.[1]);
    return { ...result, inRecipe };
  });
  const firstStart = Math.min(...tasks.map((task) => task.started));
  const lastEnd = Math.max(...tasks.map((task) => task.started + task.ms));
  const busy = tasks.reduce((sum, task) => sum + task.ms, 0);
  return {
    submitPerTask: submitSeconds / TASKS,
    // Slurm's launch of the first tasks: every core waits for it.
    firstLaunchPerTask: ((firstStart - submittedAt) / 1000 - submitSeconds) * cores / TASKS,
    cliPerTask: tasks.reduce((sum, task) => sum + task.ms / 1000 - task.inRecipe, 0) / TASKS,
    idlePerTask: (cores * (lastEnd - firstStart) - busy) / 1000 / TASKS,
    readBackPerTask: ((seenAt - lastEnd) / 1000) * cores / TASKS,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await batchBenchmark(), null, 1));
