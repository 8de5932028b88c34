// Files that survive a kill -9 or a power cut: written under a temporary name, fsynced, renamed, folder fsynced.
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeDurably(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const temporary = `${path}.${process.pid}.partial`;
  const file = await open(temporary, 'w', mode);
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  await syncFolder(dirname(path));
}

/** A rename is durable only once its folder is. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
