// Files picked in the browser page land in one folder per run, named with the run's pid so that the next start
// can remove the folders of runs that died; together they hold at most a limit, and never the disk's last space.
import { createWriteStream } from 'node:fs';
import { access, mkdtemp, rm, statfs } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { VoxbenchError } from '../common/errors.js';
import { removeFoldersOfDeadRuns, UPLOAD_PREFIX as PREFIX } from '../services/runFolders.js';

/** Free space an upload must leave on the disk: the system and our own pyramids need room too. */
const DISK_RESERVE = 256 << 20;
export const DEFAULT_UPLOAD_LIMIT = 32 * 2 ** 30;

export interface Upload {
  path: string;
  /** The folder's name: later uploads that pass it land beside this one (a series, a header and its data). */
  folder: string;
}

export interface Uploads {
  /** Stores the request's body as `name` (a plain file name) in a new folder, or in `folder` from an earlier upload. */
  receive(req: IncomingMessage, name: string, folder?: string): Promise<Upload>;
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
  /** Only folders this run made are written into again: a client cannot name any other. */
  const folders = new Set<string>();

  async function folderFor(file: string, folder: string | undefined): Promise<string> {
    if (folder === undefined) {
      const made = await mkdtemp(join(root, 'file-'));
      folders.add(basename(made));
      return made;
    }
    if (!folders.has(folder)) throw new VoxbenchError('BadUploadFolder', `"${folder}" is not an upload folder of this run (upload ${file} without a folder first).`);
    const taken = await access(join(root, folder, file)).then(() => true, () => false);
    if (taken) throw new VoxbenchError('UploadNameTaken', `${folder} already holds a file named ${file}: files uploaded together need different names.`);
    return join(root, folder);
  }

  async function room(): Promise<number> {
    const disk = await statfs(root);
    return Math.min(limit - held, disk.bavail * disk.bsize - DISK_RESERVE);
  }

  return {
    async receive(req, name, folder) {
      const file = fileName(name);
      const allowed = await room();
      const declared = Number(req.headers['content-length']);
      const tooLarge = (size: string) =>
        new VoxbenchError('UploadTooLarge', `${file} (${size}) does not fit: uploads may hold ${Math.max(0, allowed)} more bytes (limit ${limit}, free disk space less ${DISK_RESERVE}).`);
      if (declared > allowed) throw tooLarge(`${declared} bytes`);
      // Each upload keeps its own name (readers look at extensions) in a folder of its own or its batch's.
      const into = await folderFor(file, folder);
      const path = join(into, file);
      // A shared folder keeps the files received before; a new one goes whole.
      const discard = () => rm(folder === undefined ? into : path, { recursive: true, force: true });
      let received = 0;
      // Past the limit, bytes are read and dropped: the client then gets its 413 instead of a reset connection.
      const capped = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          done(null, received <= allowed ? chunk : undefined);
        },
      });
      try {
        await pipeline(req, capped, createWriteStream(path));
      } catch (error) {
        await discard();
        throw new VoxbenchError('UploadFailed', `${file} was not received whole (${(error as Error).message}).`);
      }
      if (received > allowed) {
        await discard();
        throw tooLarge(`more than ${allowed} bytes`);
      }
      held += received;
      return { path, folder: basename(into) };
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
