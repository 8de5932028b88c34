// The scans opened lately, kept in the settings folder (recent-scans.json, written durably) so the Open dialog
// offers them next time. Each remembers the file's size and time, by which an upload of the same file is
// recognised as already on the host.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { VoxbenchError } from '../../common/errors.js';
import type { RecentScan } from '../../common/hostFilesCalls.js';
import { writeDurably } from '../durableFile.js';
import { realPath } from '../fileAccess.js';
import { isUploaded } from '../runFolders.js';

const KEEP = 20;

const recentSchema = z.array(z.object({ path: z.string(), name: z.string(), bytes: z.number(), modified: z.number(), openedAt: z.number() }));

export class RecentScans {
  readonly path: string;

  /** Scans in an upload folder of `uploads` (where browser mode's uploads land and vanish) are not remembered. */
  constructor(
    readonly dir: string,
    private readonly uploads = tmpdir(),
  ) {
    this.path = join(dir, 'recent-scans.json');
  }

  private async read(): Promise<RecentScan[]> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '[]';
      throw error;
    });
    const parsed = recentSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new VoxbenchError('BadSettings', `${this.path}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  /** Newest first; scans no longer on the disk are left out. */
  async list(): Promise<RecentScan[]> {
    const recent = await this.read().catch(() => []);
    const present = await Promise.all(recent.map((scan) => stat(scan.path).then(() => true, () => false)));
    return recent.filter((_scan, index) => present[index]);
  }

  /** Remembers `path` as opened now. */
  async add(path: string, now = Date.now()): Promise<void> {
    const real = realPath(path);
    if (isUploaded(real, realPath(this.uploads))) return;
    const info = await stat(real);
    const scan: RecentScan = { path: real, name: basename(real), bytes: info.isFile() ? info.size : 0, modified: Math.floor(info.mtimeMs), openedAt: now };
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeDurably(this.path, async () => {
      const others = (await this.read().catch(() => [])).filter((entry) => entry.path !== real);
      return `${JSON.stringify([scan, ...others].slice(0, KEEP), null, 2)}\n`;
    });
  }

  /** The recent file of this name, size and time (the page's File.lastModified is the time in whole milliseconds, rounded down) still unchanged on the disk. */
  async find(name: string, bytes: number, modified: number): Promise<string | null> {
    const same = (entry: { bytes: number; modified: number }) => entry.bytes === bytes && Math.abs(entry.modified - modified) < 1;
    for (const scan of await this.list()) {
      if (scan.name !== name || !same(scan)) continue;
      const now = await stat(scan.path);
      if (same({ bytes: now.size, modified: now.mtimeMs })) return scan.path;
    }
    return null;
  }
}
