// Temporary folders named `<prefix><pid>-…` belong to one run of Voxbench; a later start removes those of runs
// that died, so uploads and retrieved patient images do not outlive a crash.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from './fileLock.js';

/** Removes the folders in `dir` named `<prefix><pid>-…` whose process is gone; returns their paths. */
export async function removeFoldersOfDeadRuns(dir: string, prefix: string): Promise<string[]> {
  const dead = (await readdir(dir)).filter((entry) => {
    if (!entry.startsWith(prefix)) return false;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    return Number.isSafeInteger(pid) && pid > 0 && !processAlive(pid);
  });
  // Another user's folder in a shared /tmp cannot be removed by us: left to them.
  await Promise.all(dead.map((entry) => rm(join(dir, entry), { recursive: true, force: true }).catch(() => undefined)));
  return dead.map((entry) => join(dir, entry));
}
