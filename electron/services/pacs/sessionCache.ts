// Series retrieved from a PACS live in one temporary folder per run, removed when Voxbench closes: patient
// data stays on this machine only as long as the session, unless the user saves a series elsewhere; the folders
// of runs that died are removed at the next retrieval.
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { removeFoldersOfDeadRuns } from '../runFolders.js';

const PREFIX = 'voxbench-pacs-';

export class PacsSessionCache {
  private root: Promise<string> | undefined;
  /** The folder each volume opened from a PACS was read from. */
  private readonly folders = new Map<string, string>();

  constructor(private readonly parent = tmpdir()) {}

  private retrievals = 0;

  /** A fresh, empty folder for one retrieval, named `label` (the volume list shows it) made safe as a file name. */
  async folderFor(label: string): Promise<string> {
    this.root ??= removeFoldersOfDeadRuns(this.parent, PREFIX).then(() => mkdtemp(join(this.parent, `${PREFIX}${process.pid}-`)));
    const folder = join(await this.root, String(++this.retrievals), label.replace(/[^\w .,()+-]/g, '_').slice(0, 80).trim() || 'series');
    await mkdir(folder, { recursive: true, mode: 0o700 });
    return folder;
  }

  remember(volumeId: string, folder: string): void {
    this.folders.set(volumeId, folder);
  }

  /** Copies a volume's retrieved files into `into` (made if missing); returns the copies' paths. */
  async save(volumeId: string, into: string): Promise<string[]> {
    const folder = this.folders.get(volumeId);
    if (!folder) throw new VoxbenchError('NotFromPacs', `Volume ${volumeId} was not retrieved from a PACS in this session.`);
    await mkdir(into, { recursive: true });
    const names = await readdir(folder);
    await Promise.all(names.map((name) => cp(join(folder, name), join(into, name), { errorOnExist: true, force: false })));
    return names.map((name) => join(into, name));
  }

  async close(): Promise<void> {
    const root = await this.root?.catch(() => undefined);
    this.root = undefined;
    this.folders.clear();
    if (root) await rm(root, { recursive: true, force: true });
  }
}
