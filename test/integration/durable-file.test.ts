// Durable saves and the sync journal with several writers: saves to one path at once each land whole, modes
// are kept, dead writers' temp files and locks are cleared, and two real processes sharing a journal and a
// project file lose no acknowledged part and end with the last acknowledged save.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { writeDurably } from '../../electron/services/durableFile';
import { SyncJournal } from '../../electron/services/sync/journal';
import { exited } from '../dc/dataCentre';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-durable-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (its pid is free again). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const save = (writer: number, size = 10_000) => JSON.stringify({ writer, padding: String(writer % 10).repeat(size) });

test('200 saves of one path at once: each resolves, the file is one whole save, no temp or lock file is left', async () => {
  const path = join(dir, 'project.voxbench');
  const saves = Array.from({ length: 200 }, (_, writer) => save(writer));
  await Promise.all(saves.map((text) => writeDurably(path, text)));
  expect(saves).toContain(await readFile(path, 'utf8'));
  expect(await readdir(dir)).toEqual(['project.voxbench']);
});

test('200 pairs of saves at once to one path: every pair ends in one of its two saves', async () => {
  const path = join(dir, 'pair.json');
  let whole = 0;
  for (let pair = 0; pair < 200; pair++) {
    const [a, b] = [save(2 * pair, 50_000), save(2 * pair + 1, 50_000)];
    await Promise.all([writeDurably(path, a), writeDurably(path, b)]);
    if ([a, b].includes(await readFile(path, 'utf8'))) whole++;
  }
  expect(whole).toBe(200);
});

test('saving keeps the mode of an existing file (0600 stays 0600, 0640 stays 0640); a new one gets the mode asked for', async () => {
  const secret = join(dir, 'secret.voxbench');
  await writeFile(secret, 'old');
  await chmod(secret, 0o600);
  await writeDurably(secret, 'new', 0o666); // a project file's default would be 0666 & ~umask
  expect((await stat(secret)).mode & 0o777).toBe(0o600);
  const shared = join(dir, 'shared.voxbench');
  await writeFile(shared, 'old');
  await chmod(shared, 0o640);
  await writeDurably(shared, 'new');
  expect((await stat(shared)).mode & 0o777).toBe(0o640);
  await writeDurably(join(dir, 'fresh.json'), '{}');
  expect((await stat(join(dir, 'fresh.json'))).mode & 0o777).toBe(0o600);
});

test("a dead writer's temp file and lock are cleared by the next save; a live writer's temp file is left alone", async () => {
  const path = join(dir, 'sync-targets.json');
  const dead = deadPid();
  const stray = `.sync-targets.json.${dead}.0123456789abcdef.tmp`;
  const live = `.sync-targets.json.${process.ppid}.fedcba9876543210.tmp`;
  await writeFile(join(dir, stray), 'half a save');
  await writeFile(join(dir, live), 'a save under way');
  await writeFile(`${path}.lock`, `${dead} 00000000\n`);
  await writeDurably(path, '[]');
  expect((await readdir(dir)).sort()).toEqual([live, 'sync-targets.json']);
  expect(await readFile(path, 'utf8')).toBe('[]');
});

test('two processes appending to one journal (compacting as they go) and saving one project file lose nothing acknowledged', async () => {
  const journalPath = join(dir, 'sync-journal.jsonl');
  const projectPath = join(dir, 'project.voxbench');
  const PARTS = 200;
  const writers = ['A', 'B'].map((writer) =>
    exited(spawn(process.execPath, ['--import', 'tsx', 'test/integration/concurrentWriter.ts', journalPath, projectPath, writer, String(PARTS)], { stdio: ['ignore', 'pipe', 'pipe'] })),
  );
  const results = await Promise.all(writers);
  for (const { code, stderr } of results) expect(code, stderr).toBe(0);
  const acks = results.flatMap(({ stdout }) => stdout.trim().split('\n').map((row) => row.split(' ')));

  const parts = acks.filter(([kind]) => kind === 'part');
  expect(parts).toHaveLength(2 * PARTS);
  const jobs = await SyncJournal.read(journalPath);
  const missing = parts.filter(([, writer, part]) => jobs.get(writer!)?.files[0]?.parts.get(Number(part))?.etag !== `${writer}-${part}`);
  expect(missing).toEqual([]);

  const saves = acks.filter(([kind]) => kind === 'save').sort((a, b) => (BigInt(a[3]!) < BigInt(b[3]!) ? -1 : 1));
  expect(saves).toHaveLength(PARTS);
  const [, writer, seq] = saves.at(-1)!;
  expect(JSON.parse(await readFile(projectPath, 'utf8'))).toMatchObject({ writer, seq: Number(seq) });
  expect((await readdir(dir)).sort()).toEqual(['project.voxbench', 'sync-journal.jsonl']);
}, 120_000);
