// Files picked in the browser page land in one folder per run, named with the run's pid so that the next start
// can remove the folders of runs that died; together they hold at most a limit, and never the disk's last space.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { VoxbenchError } from '../common/errors.js';
import { removeFoldersOfDeadRuns } from '../services/runFolders.js';

const PREFIX = 'voxbench-upload-';
/** Free space an upload must leave on the disk: the system and our own pyramids need room too. */
const DISK_RESERVE = 256 << 20;
export const DEFAULT_UPLOAD_LIMIT = 32 * 2 ** 30;

export interface Uploads {
  /** Stores the request's body as `name` (a plain file name) and returns its path. */
  receive(req: IncomingMessage, name: string): Promise<string>;
  remove(): Promise<void>;
}

/** Removes the upload folders of runs whose process is gone; returns their paths. */
export const removeLeftoverUploads = (dir = tmpdir()): Promise<string[]> => removeFoldersOfDeadRuns(dir, PREFIX);

function fileName(name: string): string {
  const file = basename(name);
  if (!file || file === '.' || file === '..' || file.includes('\0')) throw new VoxbenchError('BadUploadName', `"${name}" is not a file name to upload under.`);
  return file;
}

export async function createUploads(limit = DEFAULT_UPLOAD_LIMIT, dir = tmpdir()): Promise<Uploads> {
  await removeLeftoverUploads(dir);
  const root = await mkdtemp(join(dir, `${PREFIX}${process.pid}-`));
  let held = 0;

  async function room(): Promise<number> {
    const disk = await statfs(root);
    return Math.min(limit - held, disk.bavail * disk.bsize - DISK_RESERVE);
  }

  return {
    async receive(req, name) {
      const file = fileName(name);
      const allowed = await room();
      const declared = Number(req.headers['content-length']);
      const tooLarge = (size: string) =>
        new VoxbenchError('UploadTooLarge', `${file} (${size}) does not fit: uploads may hold ${Math.max(0, allowed)} more bytes (limit ${limit}, free disk space less ${DISK_RESERVE}).`);
      if (declared > allowed) throw tooLarge(`${declared} bytes`);
      // Each upload keeps its own name (readers look at extensions) in a folder of its own.
      const folder = await mkdtemp(join(root, 'file-'));
      let received = 0;
      // Past the limit, bytes are read and dropped: the client then gets its 413 instead of a reset connection.
      const capped = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          done(null, received <= allowed ? chunk : undefined);
        },
      });
      try {
        await pipeline(req, capped, createWriteStream(join(folder, file)));
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        throw new VoxbenchError('UploadFailed', `${file} was not received whole (${(error as Error).message}).`);
      }
      if (received > allowed) {
        await rm(folder, { recursive: true, force: true });
        throw tooLarge(`more than ${allowed} bytes`);
      }
      held += received;
      return join(folder, file);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
