// Files that survive a kill -9 or a power cut: a crash at any moment leaves the old file or the new one, never half
// of one. Written under a temporary name beside it, fsynced, renamed over, and the folder fsynced.
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** `mode` applies when the file is new: 0600 by default, since settings, secrets and journals are the user's alone. */
export async function writeDurably(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const file = await open(temporary, 'w', mode);
    try {
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
  await syncFolder(dirname(path));
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
