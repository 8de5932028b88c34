// Scans go to the cluster streamed through the real sshd's SFTP (start-sshd.sh), never whole in memory: a 300 MB
// file raises this process's resident memory far less than its size, arrives with the SHA-256 sha256sum gives here
// (and there, asked on the login node), and its progress rises to its size in bytes. A series folder uploads file
// by file against one total; content already there is not sent again; a connection dropped mid-upload leaves only
// a partial folder, never a copy named as complete.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSlurm, stopSlurm, type SlurmCluster } from '../dc/slurm';
import { directCluster } from '../../electron/services/batch/cluster';
import { uploadScans } from '../../electron/services/batch/contentUpload';
import { sshCluster } from '../../electron/services/batch/sshCluster';

const MB = 1 << 20;
const SIZE = 300 * MB;
let slurm: SlurmCluster;
const work = mkdtempSync(join(tmpdir(), 'voxbench-upload-stream-'));
const big = join(work, 'big.raw');
const sha256sum = (path: string) => execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0];

beforeAll(async () => {
  const out = createWriteStream(big);
  for (let i = 0; i < SIZE / MB; i++) if (!out.write(randomBytes(MB))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  slurm = await startSlurm();
}, 180_000);
afterAll(async () => {
  if (slurm) await stopSlurm(slurm);
  execFileSync('rm', ['-rf', work]);
});

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
    expect(events.length).toBeGreaterThan(5);
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
