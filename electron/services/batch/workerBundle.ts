// Installs the worker bundle (dist/worker, see build/worker-bundle.mjs) in the user's cluster folder, under the
// SHA-256 of its files that the build wrote (bundle.sha256): once per version (contentUpload.ts). A submission whose
// version is there reads one small file here and asks one `test` there.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { Cluster } from './cluster.js';
import { byteTally, bytesOf, filesUnder, uploadOnce, type UploadProgress } from './contentUpload.js';

async function bundleHash(dir: string): Promise<string> {
  const hash = (await readFile(join(dir, 'bundle.sha256'), 'utf8').catch(() => '')).trim();
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new VoxbenchError('NoWorkerBundle', `${dir} holds no worker bundle (no bundle.sha256): run node build/build.mjs.`);
  return hash;
}

/** The bundle's folder on the cluster (installed now if it was not), e.g. ~/.voxbench/worker/<sha256>. */
export async function installWorkerBundle(cluster: Cluster, bundleDir: string, remoteRoot: string, progress?: UploadProgress): Promise<string> {
  const target = `${remoteRoot}/worker/${await bundleHash(bundleDir)}`;
  const files = await filesUnder(bundleDir, bundleDir);
  await uploadOnce(cluster, files, target, byteTally(bytesOf(files), 'the worker bundle', progress));
  return target;
}
