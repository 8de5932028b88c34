// Files put on a cluster under the SHA-256 of their names and bytes: once per content (a second run, a resubmit or
// another app finds them there), into a partial folder renamed into place when whole. The worker bundle and the
// scans chosen on this computer both travel this way.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { shellWord, type Cluster } from './cluster.js';

export interface LocalFile {
  /** Where it goes, relative to the upload's folder ("/"-separated). */
  path: string;
  /** Where it is here. */
  source: string;
  bytes: number;
  executable: boolean;
}

/** The files of `source` (a file, or a folder and everything under it), sorted, named relative to `base`. */
export async function filesUnder(source: string, base: string): Promise<LocalFile[]> {
  const info = await stat(source).catch((error: Error) => {
    throw new VoxbenchError('FileNotFound', `${source}: ${error.message}`);
  });
  const sources = info.isDirectory()
    ? (await readdir(source, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
    : [source];
  const files = await Promise.all(
    sources.sort().map(async (path) => {
      const { size, mode } = await stat(path);
      return { path: relative(base, path).split(sep).join('/'), source: path, bytes: size, executable: (mode & 0o111) !== 0 };
    }),
  );
  return files;
}

/** SHA-256 over each file's name, size and bytes, in order: the content of a folder as one value. */
export async function contentHash(files: LocalFile[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file.path}\0${file.bytes}\0`);
    for await (const chunk of createReadStream(file.source)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Puts `files` in `target` on the cluster unless a whole copy is there already. */
export async function uploadOnce(cluster: Cluster, files: LocalFile[], target: string): Promise<void> {
  if ((await cluster.exec(`test -f ${shellWord(`${target}/.complete`)}`)).code === 0) return;
  const partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
  for (const file of files) await cluster.writeFile(`${partial}/${file.path}`, await readFile(file.source), file.executable ? 0o755 : 0o644);
  // Another upload of the same content may have won the rename: then its copy serves.
  const moved = await cluster.exec(`touch ${shellWord(`${partial}/.complete`)} && (mv -T ${shellWord(partial)} ${shellWord(target)} 2>/dev/null || rm -rf ${shellWord(partial)}); test -f ${shellWord(`${target}/.complete`)}`);
  if (moved.code !== 0) throw new VoxbenchError('UploadFailed', `Could not put ${files.length} files at ${target} on the cluster: ${moved.stderr.trim()}`);
}

/** Uploads a scan (file or folder) to `${remoteRoot}/inputs/<sha256>/<name>` unless it is there already; returns that path. */
export async function uploadScan(cluster: Cluster, scan: string, remoteRoot: string): Promise<string> {
  const files = await filesUnder(scan, dirname(scan));
  const target = `${remoteRoot}/inputs/${await contentHash(files)}`;
  await uploadOnce(cluster, files, target);
  return `${target}/${basename(scan)}`;
}
