// refreshBatch and resubmitFailed read, change and write the job journal under its lock (fileLock.ts): another
// process refreshing the same job all the while never writes back a copy it read before a resubmit, so no
// resubmit is lost. Without the lock the refresher's stale copies undo resubmits (fewer submissions, fewer attempts).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { refreshBatch, resubmitFailed } from '../../electron/services/batch/batchJobs';
import { directCluster } from '../../electron/services/batch/cluster';
import { readJob, writeJob, type BatchJob } from '../../electron/services/batch/journal';
import { exited } from '../dc/dataCentre';
import { root } from './segmentHarness';

const TASKS = 4;
const RESUBMITS = 15;

/** A job whose every task fails at once: its script writes a failing result, as a task whose recipe broke. */
function failingJob(work: string): BatchJob {
  const jobDir = join(work, 'job');
  mkdirSync(join(jobDir, 'logs'), { recursive: true });
  mkdirSync(join(jobDir, 'results'), { recursive: true });
  writeFileSync(
    join(jobDir, 'job.sh'),
    `i=$SLURM_ARRAY_TASK_ID\necho "BadRecipe: on purpose"\nprintf '{"exit":3,"node":"here","ms":1,"task":"%s_%s","sha256":""}\\n' "$SLURM_ARRAY_JOB_ID" "$i" > '${jobDir}/results/'$i.json\n`,
  );
  const tasks = Array.from({ length: TASKS }, (_, index) => ({ index, input: `scan_${index}.nii.gz`, output: `out_${index}.nii.gz`, state: 'failed' as const, slurmTask: `local0_${index}`, attempts: 1 }));
  return { version: 1, id: 'locked', createdAt: new Date().toISOString(), recipe: 'recipe.json', jobDir, bundle: 'none', where: { kind: 'local', parallel: TASKS }, submissions: ['local0'], tasks };
}

test(`${RESUBMITS} resubmits while another process refreshes the same job: none is lost`, { timeout: 120_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'voxbench-batch-lock-'));
  const journal = join(work, 'journal');
  const stop = join(work, 'stop');
  await writeJob(journal, failingJob(work));
  const refresher = spawn(process.execPath, ['--import', 'tsx', 'test/integration/batchRefresher.ts', journal, 'locked', stop], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = exited(refresher);
  await new Promise((resolve) => refresher.stdout!.once('data', resolve)); // it is refreshing
  for (let n = 0; n < RESUBMITS; n++) {
    await (await resubmitFailed(directCluster, journal, 'locked', TASKS)).ran;
    await refreshBatch(directCluster, journal, 'locked');
  }
  writeFileSync(stop, '');
  const { code, stdout, stderr } = await result;
  expect(code, stderr).toBe(0);
  const refreshes = Number(/refreshes (\d+)/.exec(stdout)?.[1]);
  const job = await readJob(journal, 'locked');
  expect(job.submissions).toEqual(['local0', ...Array.from({ length: RESUBMITS }, (_, n) => `local${n + 1}`)]);
  expect(job.tasks.map((task) => [task.state, task.attempts, task.slurmTask])).toEqual(job.tasks.map((task) => ['failed', RESUBMITS + 1, `local${RESUBMITS}_${task.index}`]));
  expect(job.tasks[0]!.reason).toBe('exit code 3: BadRecipe: on purpose');
  console.log(`batch journal lock: ${RESUBMITS} resubmits while the other process made ${refreshes} refreshes`);
  expect(refreshes).toBeGreaterThan(RESUBMITS);
});
