// Temporary folders named `<prefix><pid>-…` belong to one run of Voxbench; a later start removes those of runs
// that died, so uploads and retrieved patient images do not outlive a crash.
import { readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { processAlive } from './fileLock.js';

/** Where browser mode's uploads land: `<tmpdir>/voxbench-upload-<pid>-…/`, one folder per run (shell/uploads.ts). */
export const UPLOAD_PREFIX = 'voxbench-upload-';

/** Whether `path` lies in an upload folder of `dir` (files there vanish with the run that received them). */
export const isUploaded = (path: string, dir: string): boolean => {
  const [first] = relative(dir, path).split(sep);
  return first !== undefined && !first.startsWith('..') && !isAbsolute(first) && first.startsWith(UPLOAD_PREFIX);
};

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
