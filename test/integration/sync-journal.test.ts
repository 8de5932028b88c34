// The sync journal on disk: a line torn by a kill mid-write is skipped, parts survive a reopen, compaction
// keeps the history of finished jobs (each stored file with its SHA-256) but not their parts (an OME-Zarr job's stored objects in one line while it
// runs), and a damaged line elsewhere is a typed error.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { SyncJournal } from '../../electron/services/sync/journal';
import type { JobSpec } from '../../electron/services/sync/model';
import { sampleProvenance } from '../dc/sampleFiles';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

const spec = (id: string): JobSpec => ({ id, target: 'dc', datasetKey: id, description: '', partSize: 8 << 20, queuedAt: '2026-11-29T00:00:00.000Z', provenance: sampleProvenance, files: [{ path: '/r/a.nii', name: 'a.nii', size: 20 << 20, mtimeMs: 1 }] });

async function journalWithTwoJobs(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-journal-'));
  const path = join(dir, 'sync-journal.jsonl');
  const journal = new SyncJournal(path);
  await journal.open();
  await journal.append({ t: 'job', spec: spec('running') });
  await journal.append({ t: 'upload', job: 'running', file: 0, uploadId: 'u1' });
  await journal.append({ t: 'part', job: 'running', file: 0, part: 1, etag: 'e1', size: 8 << 20 });
  await journal.append({ t: 'job', spec: spec('finished') });
  await journal.append({ t: 'upload', job: 'finished', file: 0, uploadId: 'u2' });
  await journal.append({ t: 'part', job: 'finished', file: 0, part: 1, etag: 'e2', size: 8 << 20 });
  await journal.append({ t: 'file', job: 'finished', file: 0, sha256: 'd'.repeat(64) });
  await journal.append({ t: 'state', job: 'finished', state: 'done', at: '2026-11-29T01:00:00.000Z' });
  await journal.close();
  return path;
}

test('a torn last line (killed mid-write) is skipped; parts and states survive the reopen', async () => {
  const path = await journalWithTwoJobs();
  await appendFile(path, '{"t":"part","job":"running","file":0,"part":2,"et');
  const journal = new SyncJournal(path);
  await journal.open();
  const running = journal.jobs.get('running')!;
  expect(running.files[0]).toMatchObject({ uploadId: 'u1', done: false });
  expect([...running.files[0]!.parts]).toEqual([[1, { etag: 'e1', size: 8 << 20 }]]);
  expect(journal.jobs.get('finished')).toMatchObject({ state: 'done', at: '2026-11-29T01:00:00.000Z' });
  await journal.close();
});

test('compaction keeps a finished job as history, without its parts, and every line is whole JSON', async () => {
  const path = await journalWithTwoJobs();
  const journal = new SyncJournal(path);
  await journal.open(); // compacts
  await journal.close();
  const lines = (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { t: string; job?: string });
  expect(lines.filter(({ t, job }) => t === 'part' && job === 'finished')).toEqual([]);
  expect(lines.filter(({ t, job }) => t === 'part' && job === 'running')).toHaveLength(1);
  expect(lines.filter(({ t }) => t === 'job')).toHaveLength(2);
  expect(lines.filter(({ t, job }) => t === 'file' && job === 'finished')).toEqual([{ t: 'file', job: 'finished', file: 0, sha256: 'd'.repeat(64) }]);
  const reopened = new SyncJournal(path);
  await reopened.open();
  expect(reopened.jobs.get('finished')!.files[0]).toMatchObject({ done: true, sha256: 'd'.repeat(64) });
  await reopened.close();
});

test('a damaged line in the middle is a JournalCorrupt error naming the file and line', async () => {
  const path = await journalWithTwoJobs();
  const [first, ...rest] = (await readFile(path, 'utf8')).split('\n');
  await writeFile(path, [first, 'garbage', ...rest].join('\n'));
  await expect(new SyncJournal(path).open()).rejects.toMatchObject({ kind: 'JournalCorrupt', message: `${path}: line 2 is not a journal entry.` });
});

test("an OME-Zarr job's stored objects survive compaction while it runs, one line for all of them", async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-journal-'));
  const path = join(dir, 'sync-journal.jsonl');
  const journal = new SyncJournal(path);
  await journal.open();
  const source = spec('store').files[0]!;
  await journal.append({ t: 'job', spec: { ...spec('store'), files: [], omeZarr: { source, name: 'a.ome.zarr', staged: join(dir, 'a.ome.zarr') } } });
  await journal.append({ t: 'staged', job: 'store', objects: 3, bytes: 300 });
  await Promise.all(['0/0/0/0', '.zgroup'].map((key) => journal.append({ t: 'objects', job: 'store', stored: [[key, 100]] })));
  await journal.close();

  const reopened = new SyncJournal(path);
  await reopened.open(); // compacts
  await reopened.close();
  expect(reopened.jobs.get('store')).toMatchObject({ store: { objects: 3, bytes: 300 }, storedObjects: new Map([['0/0/0/0', 100], ['.zgroup', 100]]) });
  const lines = (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { t: string });
  expect(lines.filter(({ t }) => t === 'objects')).toEqual([{ t: 'objects', job: 'store', stored: [['0/0/0/0', 100], ['.zgroup', 100]] }]);
});
