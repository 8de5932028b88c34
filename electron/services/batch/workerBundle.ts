// Installs the worker bundle (dist/worker, see build/worker-bundle.mjs) in the user's cluster folder, under the
// SHA-256 of its files: once per version, into a partial folder renamed into place when whole.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { shellWord, type Cluster } from './cluster.js';

async function bundleFiles(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  if (!names.length) throw new VoxbenchError('NoWorkerBundle', `${dir} holds no worker bundle: run node build/build.mjs.`);
  return Promise.all(names.sort().map(async (path) => ({ path: relative(dir, path), bytes: await readFile(path) })));
}

/** The bundle's folder on the cluster (installed now if it was not), e.g. ~/.voxbench/worker/<sha256>. */
export async function installWorkerBundle(cluster: Cluster, bundleDir: string, remoteRoot: string): Promise<string> {
  const files = await bundleFiles(bundleDir);
  const hash = createHash('sha256');
  for (const { path, bytes } of files) hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  const target = `${remoteRoot}/worker/${hash.digest('hex')}`;
  if ((await cluster.exec(`test -f ${shellWord(`${target}/.complete`)}`)).code === 0) return target;
  const partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
  for (const { path, bytes } of files) await cluster.writeFile(`${partial}/${path}`, bytes, path.endsWith('.node') ? 0o755 : 0o644);
  // Another installer of the same version may have won the rename: then its copy serves.
  const moved = await cluster.exec(`touch ${shellWord(`${partial}/.complete`)} && (mv -T ${shellWord(partial)} ${shellWord(target)} 2>/dev/null || rm -rf ${shellWord(partial)}); test -f ${shellWord(`${target}/.complete`)}`);
  if (moved.code !== 0) throw new VoxbenchError('BundleInstallFailed', `Could not install the worker bundle at ${target}: ${moved.stderr.trim()}`);
  return target;
}
