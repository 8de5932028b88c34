// Installs the worker bundle (dist/worker, see build/worker-bundle.mjs) in the user's cluster folder, under the
// SHA-256 of its files that the build wrote (bundle.sha256): once per version, into a partial folder renamed into
// place when whole. A submission whose version is there reads one small file here and asks one `test` there.
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { shellWord, type Cluster } from './cluster.js';

async function bundleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

async function bundleHash(dir: string): Promise<string> {
  const text = await readFile(join(dir, 'bundle.sha256'), 'utf8').catch(() => '');
  const hash = text.trim();
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new VoxbenchError('NoWorkerBundle', `${dir} holds no worker bundle (no bundle.sha256): run node build/build.mjs.`);
  return hash;
}

/** The bundle's folder on the cluster (installed now if it was not), e.g. ~/.voxbench/worker/<sha256>. */
export async function installWorkerBundle(cluster: Cluster, bundleDir: string, remoteRoot: string): Promise<string> {
  const target = `${remoteRoot}/worker/${await bundleHash(bundleDir)}`;
  if ((await cluster.exec(`test -f ${shellWord(`${target}/.complete`)}`)).code === 0) return target;
  const partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
  for (const path of await bundleFiles(bundleDir)) await cluster.writeFile(`${partial}/${path}`, await readFile(join(bundleDir, path)), path.endsWith('.node') ? 0o755 : 0o644);
  // Another installer of the same version may have won the rename: then its copy serves.
  const moved = await cluster.exec(`touch ${shellWord(`${partial}/.complete`)} && (mv -T ${shellWord(partial)} ${shellWord(target)} 2>/dev/null || rm -rf ${shellWord(partial)}); test -f ${shellWord(`${target}/.complete`)}`);
  if (moved.code !== 0) throw new VoxbenchError('BundleInstallFailed', `Could not install the worker bundle at ${target}: ${moved.stderr.trim()}`);
  return target;
}
