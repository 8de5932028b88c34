// Files that survive a kill -9 or a power cut: a crash at any moment leaves the old file or the new one, never half
// of one. Written under a unique temporary name beside it, fsynced, renamed over, and the folder fsynced; one
// writer at a time across processes (fileLock.ts), and the temp files of writers that died are removed.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processAlive, withFileLock } from './fileLock.js';

type Contents = string | Uint8Array;

/** Writes `path` while holding its lock. `data` may be a function, called under the lock (read, change, write).
 * `mode` applies when the file is new (0600 by default: settings, secrets and journals are the user's alone);
 * an existing file keeps its own. */
export function writeDurably(path: string, data: Contents | (() => Promise<Contents> | Contents), mode = 0o600): Promise<void> {
  return withFileLock(path, async () => replaceDurably(path, typeof data === 'function' ? await data() : data, mode));
}

/** Our temp files of `path` and fileLock.ts's, each named with its writer's pid. */
function leftoversOf(path: string): RegExp {
  const name = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:\\.${name}\\.(\\d+)\\.[0-9a-f]+\\.tmp|${name}\\.lock\\.(\\d+)\\.[0-9a-f]+\\.(?:new|stale))$`);
}

/** The same, for a caller that already holds `path`'s lock (withFileLock). */
export async function replaceDurably(path: string, data: Contents, mode = 0o600): Promise<void> {
  const folder = dirname(path);
  await removeDeadTemporaries(path);
  const existing = await stat(path).catch(() => undefined);
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const file = await open(temporary, 'wx', mode);
    try {
      if (existing) await file.chmod(existing.mode & 0o7777);
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Temp files of `path` (and of its lock) left by a writer that was killed. */
async function removeDeadTemporaries(path: string): Promise<void> {
  const pattern = leftoversOf(path);
  for (const name of await readdir(dirname(path)).catch(() => [])) {
    const match = pattern.exec(name);
    const pid = match?.[1] ?? match?.[2];
    if (pid && Number(pid) !== process.pid && !processAlive(Number(pid))) await rm(join(dirname(path), name), { force: true });
  }
}

/** A rename is durable only once its folder is. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems (and Windows) cannot fsync a folder; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}
