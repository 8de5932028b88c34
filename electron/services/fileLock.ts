// One writer per file across processes: `<file>.lock` holds the writer's pid and a random token. It is made
// whole in one step (a link of a finished temp file), so nobody ever reads a half-written lock; a lock whose
// pid is dead is taken over by renaming it aside first, so two processes that find it stale cannot both win.
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { VoxbenchError } from '../common/errors.js';

const WAIT_MS = 60_000;

/** Whether a process with this pid runs (EPERM: it runs as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const holderPid = (text: string) => Number.parseInt(text, 10);
const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

async function readLock(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((error) => {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  });
}

/** Moves a dead holder's lock out of the way; puts it back if a live one was moved instead (we raced a taker). */
async function takeOver(lock: string): Promise<void> {
  const aside = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(lock, aside);
  } catch (error) {
    if (code(error) === 'ENOENT') return;
    throw error;
  }
  const moved = (await readLock(aside)) ?? '';
  if (processAlive(holderPid(moved))) await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true });
}

async function acquire(lock: string): Promise<string> {
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const ready = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}.new`;
  await writeFile(ready, token, { mode: 0o600 });
  try {
    for (let started = Date.now(), wait = 1; ; wait = Math.min(wait * 2, 50)) {
      try {
        await link(ready, lock);
        return token;
      } catch (error) {
        if (code(error) !== 'EEXIST') throw new VoxbenchError('LockFailed', `${lock}: ${(error as Error).message}`);
      }
      const holder = await readLock(lock);
      if (holder !== undefined && !processAlive(holderPid(holder))) await takeOver(lock);
      else if (Date.now() - started > WAIT_MS) throw new VoxbenchError('FileLocked', `${lock}: process ${holderPid(holder ?? '')} has held it for over ${WAIT_MS / 1000} s.`);
      else await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
    }
  } finally {
    await rm(ready, { force: true });
  }
}

/** Runs `work` while this process is the only writer of `path` (other processes and other callers here wait). */
export async function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  const token = await acquire(lock);
  try {
    return await work();
  } finally {
    if ((await readLock(lock)) === token) await rm(lock, { force: true });
  }
}
