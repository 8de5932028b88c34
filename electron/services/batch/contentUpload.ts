// Files put on a cluster under the SHA-256 of their names and bytes: once per content (a second run, a resubmit or
// another app finds them there), streamed file by file into a partial folder renamed into place when whole, so a
// killed upload never leaves a copy that looks complete. The worker bundle and the scans chosen on this computer
// both travel this way, their bytes counted for the job's progress.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
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

/** Hears how many bytes of an upload (`what`: "2 scans", "the worker bundle") are sent, of how many. */
export type UploadProgress = (sent: number, total: number, what: string) => void;

/** The line that says how far an upload is: "Uploading the worker bundle to login-node: 1.2 of 38.0 MB". */
export const uploadMessage = (sent: number, total: number, what: string, where: string) => `Uploading ${what} to ${where}: ${(sent / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB`;

const REPORT_MS = 200;

/** Counts bytes sent against `total` for one progress bar, telling `report` at most every 200 ms and when all are sent. */
export function byteTally(total: number, what: string, report: UploadProgress | undefined): (bytes: number) => void {
  let sent = 0;
  let reported = -Infinity;
  return (bytes) => {
    sent += bytes;
    if (sent < total && performance.now() - reported < REPORT_MS) return;
    reported = performance.now();
    report?.(sent, total, what);
  };
}

export const bytesOf = (files: LocalFile[]) => files.reduce((sum, file) => sum + file.bytes, 0);

/** Puts `files` in `target` on the cluster unless a whole copy is there already (its bytes then count as sent). */
export async function uploadOnce(cluster: Cluster, files: LocalFile[], target: string, sent: (bytes: number) => void = () => undefined): Promise<void> {
  if ((await cluster.exec(`test -f ${shellWord(`${target}/.complete`)}`)).code === 0) return sent(bytesOf(files));
  const partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
  for (const file of files) await cluster.putFile(`${partial}/${file.path}`, file.source, file.executable ? 0o755 : 0o644, sent);
  // Another upload of the same content may have won the rename: then its copy serves.
  const moved = await cluster.exec(`touch ${shellWord(`${partial}/.complete`)} && (mv -T ${shellWord(partial)} ${shellWord(target)} 2>/dev/null || rm -rf ${shellWord(partial)}); test -f ${shellWord(`${target}/.complete`)}`);
  if (moved.code !== 0) throw new VoxbenchError('UploadFailed', `Could not put ${files.length} files at ${target} on the cluster: ${moved.stderr.trim()}`);
}

/**
 * Uploads scans (files, or folders such as a DICOM series) each to `${remoteRoot}/inputs/<sha256>/<name>` unless it
 * is there already, all against one byte total; returns their paths there, in order.
 */
export async function uploadScans(cluster: Cluster, scans: string[], remoteRoot: string, progress?: UploadProgress): Promise<string[]> {
  const listed = await Promise.all(scans.map((scan) => filesUnder(scan, dirname(scan))));
  const what = scans.length === 1 ? basename(scans[0]!) : `${scans.length} scans`;
  const sent = byteTally(listed.reduce((sum, files) => sum + bytesOf(files), 0), what, progress);
  const paths = [];
  for (const [index, files] of listed.entries()) {
    const target = `${remoteRoot}/inputs/${await contentHash(files)}`;
    await uploadOnce(cluster, files, target, sent);
    paths.push(`${target}/${basename(scans[index]!)}`);
  }
  return paths;
}
