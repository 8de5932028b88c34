// One of two processes that share a sync journal and a project file (durable-file.test.ts): it appends parts to
// its own job, compacting now and then as a reopening app does, and saves the project file, printing each
// acknowledgement once the write has resolved ("part WRITER N", "save WRITER N HRTIME", the time taken under the lock).
import { SyncJournal } from '../../electron/services/sync/journal';
import { writeDurably } from '../../electron/services/durableFile';
import { sampleProvenance } from '../dc/sampleFiles';

const [journalPath, projectPath, writer, count] = process.argv.slice(2) as [string, string, string, string];
const parts = Number(count);

async function appendParts(): Promise<void> {
  let journal = new SyncJournal(journalPath);
  await journal.open();
  const file = { path: `/r/${writer}.nii`, name: `${writer}.nii`, size: parts * 5, mtimeMs: 1, sha256: 'd'.repeat(64) };
  await journal.append({ t: 'job', spec: { id: writer, target: 'dc', datasetKey: writer, description: '', partSize: 5, queuedAt: new Date().toISOString(), provenance: sampleProvenance, files: [file] } });
  await journal.append({ t: 'upload', job: writer, file: 0, uploadId: `upload-${writer}` });
  for (let part = 1; part <= parts; part += 2) {
    const pair = [part, part + 1].filter((n) => n <= parts); // two at once: they share one write
    await Promise.all(pair.map((n) => journal.append({ t: 'part', job: writer, file: 0, part: n, etag: `${writer}-${n}`, size: 5 })));
    for (const n of pair) console.log(`part ${writer} ${n}`);
    if (part % 20 === 1) {
      await journal.close();
      journal = new SyncJournal(journalPath);
      await journal.open(); // compacts, while the other process appends
    }
  }
  await journal.close();
}

async function saveProject(): Promise<void> {
  for (let seq = 1; seq <= parts / 2; seq++) {
    let at = 0n;
    await writeDurably(projectPath, () => {
      at = process.hrtime.bigint(); // taken holding the lock: orders the saves of both processes
      return JSON.stringify({ writer, seq, padding: 'x'.repeat(4096 + seq) });
    }, 0o666);
    console.log(`save ${writer} ${seq} ${at}`);
  }
}

await Promise.all([appendParts(), saveProject()]);
