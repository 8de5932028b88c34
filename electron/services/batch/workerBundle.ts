// Installs the worker bundle (dist/worker, see build/worker-bundle.mjs) in the user's cluster folder, under the
// SHA-256 of its files: once per version (contentUpload.ts).
import { VoxbenchError } from '../../common/errors.js';
import type { Cluster } from './cluster.js';
import { contentHash, filesUnder, uploadOnce } from './contentUpload.js';

/** The bundle's folder on the cluster (installed now if it was not), e.g. ~/.voxbench/worker/<sha256>. */
export async function installWorkerBundle(cluster: Cluster, bundleDir: string, remoteRoot: string): Promise<string> {
  const files = await filesUnder(bundleDir, bundleDir).catch(() => []);
  if (!files.length) throw new VoxbenchError('NoWorkerBundle', `${bundleDir} holds no worker bundle: run node build/build.mjs.`);
  const target = `${remoteRoot}/worker/${await contentHash(files)}`;
  await uploadOnce(cluster, files, target);
  return target;
}
