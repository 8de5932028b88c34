// A batch run here lives in the process that runs it: when that process is gone (the app quit, the CLI killed),
// the tasks it never finished fail with that reason on the next refresh, so Resubmit failed can run them, while a
// task that wrote its result keeps it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { refreshBatch } from '../../electron/services/batch/batchJobs';
import { directCluster } from '../../electron/services/batch/cluster';
import { writeJob } from '../../electron/services/batch/journal';

test('tasks left pending by a runner that is gone fail with why; a finished one stays done', async () => {
  const work = mkdtempSync(join(tmpdir(), 'voxbench-batch-runner-'));
  const jobDir = join(work, 'job');
  mkdirSync(join(jobDir, 'results'), { recursive: true });
  writeFileSync(join(jobDir, 'results', '0.json'), `${JSON.stringify({ exit: 0, node: 'here', ms: 1200, task: 'local0_0', sha256: 'a'.repeat(64) })}\n`);
  const gone = spawnSync('true').pid!; // a process that has ended
  const tasks = [0, 1].map((index) => ({ index, input: `scan_${index}.nii.gz`, output: `out_${index}.nii.gz`, state: 'pending' as const, slurmTask: `local0_${index}`, attempts: 1 }));
  await writeJob(join(work, 'journal'), { version: 1, id: 'orphan', createdAt: new Date().toISOString(), recipe: 'r.json', jobDir, bundle: 'none', where: { kind: 'local', parallel: 1 }, runner: gone, submissions: ['local0'], tasks });
  const job = await refreshBatch(directCluster, join(work, 'journal'), 'orphan');
  expect(job.tasks[0]).toMatchObject({ state: 'done', seconds: 1.2, inputSha256: 'a'.repeat(64) });
  expect(job.tasks[1]).toMatchObject({ state: 'failed', reason: `the Voxbench process that ran it here (pid ${gone}) ended before it finished; resubmit it` });
});
