// Scans go to the cluster streamed through the real sshd's SFTP (start-sshd.sh), never whole in memory: a 300 MB
// file raises this process's resident memory far less than its size, arrives with the SHA-256 sha256sum gives here
// (and there, asked on the login node), and its progress rises to its size in bytes. A series folder uploads file
// by file against one total; content already there is not sent again; a connection dropped mid-upload leaves only
// a partial folder, never a copy named as complete. Submitted from the panel (batch.run on a saved cluster), the worker
// bundle's and the scan's bytes arrive as progress events of the page's job, each rising to its size (find, stat).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSlurm, stopSlurm, type SlurmCluster } from '../dc/slurm';
import type { Progress } from '../../electron/common/contract';
import { directCluster } from '../../electron/services/batch/cluster';
import { uploadScans } from '../../electron/services/batch/contentUpload';
import { sshCluster } from '../../electron/services/batch/sshCluster';
import { createServices } from '../../electron/services/services';
import { createHost, noDialogs } from '../../electron/shell/host';
import { batchFixture, saveSessionRecipe } from './batchFixtures';
import { call, root } from './segmentHarness';

const MB = 1 << 20;
const SIZE = 300 * MB;
let slurm: SlurmCluster;
const work = mkdtempSync(join(tmpdir(), 'voxbench-upload-stream-'));
const big = join(work, 'big.raw');
const sha256sum = (path: string) => execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0];

beforeAll(async () => {
  // Written by another process, so none of its bytes ever passed through this one's memory before the upload.
  execFileSync('bash', ['-c', `head -c ${SIZE} /dev/urandom > '${big}'`]);
  execFileSync(process.execPath, ['build/build.mjs'], { cwd: root, stdio: 'inherit' }); // dist/worker, for the submission
  slurm = await startSlurm();
}, 240_000);
afterAll(async () => {
  if (slurm) await stopSlurm(slurm);
  execFileSync('rm', ['-rf', work]);
}, 120_000);

test('a 300 MB scan streams: memory grows far less than the file, SHA-256 equal there, progress rises to the size', { timeout: 300_000 }, async () => {
  const cluster = await sshCluster(slurm.login);
  const events: [number, number][] = [];
  let peak = 0;
  global.gc?.();
  const before = process.memoryUsage().rss;
  try {
    const [remote] = await uploadScans(cluster, [big], join(work, 'remote'), (sent, total, what) => {
      events.push([sent, total]);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(what).toBe('big.raw');
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`300 MB upload: rss ${(before / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB (+${((peak - before) / MB).toFixed(0)} MB), ${events.length} progress events`);
    expect(peak - before).toBeLessThan(150 * MB);
    expect(remote).toMatch(new RegExp(`^${join(work, 'remote', 'inputs')}/[0-9a-f]{64}/big\\.raw$`));
    const there = await cluster.exec(`sha256sum ${remote}`);
    expect(there.stdout.split(' ')[0]).toBe(sha256sum(big));
    expect(events.length).toBeGreaterThan(1); // the first piece at once, then at most five a second: a fast link gives few
    expect(events.every(([, total]) => total === SIZE)).toBe(true);
    expect(events.every(([sent], i) => i === 0 || sent > events[i - 1]![0])).toBe(true);
    expect(events.at(-1)).toEqual([SIZE, SIZE]);
    // Already there: nothing is sent again, and the bar still ends full.
    const again: [number, number][] = [];
    expect(await uploadScans(cluster, [big], join(work, 'remote'), (sent, total) => again.push([sent, total]))).toEqual([remote]);
    expect(again).toEqual([[SIZE, SIZE]]);
  } finally {
    await cluster.close();
  }
});

test('a series folder uploads file by file against one total; here (no SSH) the same', { timeout: 60_000 }, async () => {
  const series = join(work, 'series 1');
  mkdirSync(series);
  const sizes = [3 * MB, 1 * MB, 2 * MB + 7];
  sizes.forEach((size, i) => writeFileSync(join(series, `IM${i}.dcm`), randomBytes(size)));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const cluster = await sshCluster(slurm.login);
  try {
    for (const [where, into] of [[cluster, 'remote'], [directCluster, 'here']] as const) {
      const events: [number, number][] = [];
      const [remote] = await uploadScans(where, [series], join(work, into), (sent, all) => events.push([sent, all]));
      expect(events.at(-1)).toEqual([total, total]);
      expect(readdirSync(remote!).sort()).toEqual(['IM0.dcm', 'IM1.dcm', 'IM2.dcm']);
      for (const name of readdirSync(series)) expect(sha256sum(join(remote!, name))).toBe(sha256sum(join(series, name)));
      expect(statSync(join(remote!, 'IM0.dcm')).mode & 0o777).toBe(0o644);
    }
  } finally {
    await cluster.close();
  }
});

test('a connection dropped mid-upload leaves a partial folder, never the content-named one', { timeout: 120_000 }, async () => {
  const cluster = await sshCluster(slurm.login);
  const into = join(work, 'dropped');
  const upload = uploadScans(cluster, [big], into, (sent) => {
    if (sent > 50 * MB) void cluster.close();
  });
  await expect(upload).rejects.toThrow();
  const inputs = readdirSync(join(into, 'inputs'));
  expect(inputs.length).toBe(1);
  expect(inputs[0]).toMatch(/^[0-9a-f]{64}\.partial-[0-9a-f]{12}$/);
  expect(existsSync(join(into, 'inputs', inputs[0]!, '.complete'))).toBe(false);
});

test('submitted from the panel, the worker bundle and the scan upload as progress of the page\'s job, each to its size', { timeout: 240_000 }, async () => {
  const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, sync: { settingsDir: join(work, 'settings') } }));
  const events: Progress[] = [];
  host.onEvent((event, data) => void (event === 'progress' && (data as Progress).job === 'batch submitting' && events.push(data as Progress)));
  const recipe = join(work, 'session.recipe.json');
  await saveSessionRecipe(recipe);
  const scan = batchFixture('scan_1.nii.gz');
  try {
    await call(host, 'batch.saveCluster', { cluster: { name: 'loop', ...slurm.login, remoteDir: join(work, 'cluster'), minutes: 5, cpus: 1, memMb: 500, throttle: 1 } });
    const view = await call(host, 'batch.run', { recipe, inputs: [scan], outDir: join(work, 'cluster-out'), parallel: 1, cluster: 'loop', job: 'batch submitting' });
    expect(view.tasks).toHaveLength(1);
  } finally {
    await host.close();
  }
  const bundleBytes = execFileSync('find', [join(root, 'dist', 'worker'), '-type', 'f', '-printf', '%s\\n'], { encoding: 'utf8' }).split('\n').filter(Boolean).reduce((sum, size) => sum + Number(size), 0);
  for (const [what, size] of [['the worker bundle', bundleBytes], ['scan_1.nii.gz', statSync(scan).size]] as const) {
    const of = events.filter((event) => event.message.startsWith(`Uploading ${what} to loop: `));
    expect(of.length, what).toBeGreaterThan(0);
    expect(of.every(({ total }) => total === size)).toBe(true);
    expect(of.every(({ done }, i) => i === 0 || done > of[i - 1]!.done)).toBe(true);
    expect(of.at(-1)!.done).toBe(size);
  }
});
