// Datasets on a target (those whose manifest is written) and downloading one with its checksums verified. The
// bucket is not trusted: every manifest is checked (remoteSchemas.ts), every file lands inside the chosen folder
// under its own safe name, and nothing there is replaced unless the user asked for it.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { VoxbenchError } from '../../common/errors.js';
import { datasetFolder, datasetsRoot, MANIFEST_NAME, manifestKey } from './manifest.js';
import type { Credentials, RemoteDataset, Target } from '../../common/syncModel.js';
import { parseManifest, safeName, type RemoteManifest } from './remoteSchemas.js';
import { describeS3Error, s3ClientFor, withRetries } from './s3.js';

/** The manifest at `key`, checked: its datasetKey is the folder it sits in, its files' keys lie inside that folder. */
async function getManifest(s3: S3Client, target: Target, key: string): Promise<RemoteManifest> {
  return (await getManifestText(s3, target, key)).manifest;
}

/** The manifest at `key`, checked, with its text as stored (what a derived dataset's provenance hashes). */
async function getManifestText(s3: S3Client, target: Target, key: string): Promise<{ manifest: RemoteManifest; text: string }> {
  const object = await withRetries(() => s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key })));
  const text = await object.Body!.transformToString();
  const manifest = parseManifest(text, key);
  if (manifestKey(target, manifest.datasetKey) !== key) throw new VoxbenchError('BadManifest', `${key}: its datasetKey ${JSON.stringify(manifest.datasetKey)} is not the folder it lies in.`);
  const outside = manifest.files.find(({ key: fileKey }) => !fileKey.startsWith(datasetFolder(target, manifest.datasetKey)));
  if (outside) throw new VoxbenchError('BadManifest', `${key}: file ${outside.name} points at ${outside.key}, outside the dataset's folder.`);
  const store = manifest.omeZarr;
  if (store && store.key !== `${datasetFolder(target, manifest.datasetKey)}${store.name}/`) throw new VoxbenchError('BadManifest', `${key}: the OME-Zarr store ${store.name} points at ${store.key}, not its folder in the dataset.`);
  return { manifest, text };
}

async function withStore<T>(target: Target, credentials: Credentials, work: (s3: S3Client) => Promise<T>): Promise<T> {
  const s3 = s3ClientFor(target, credentials);
  try {
    return await work(s3);
  } catch (error) {
    throw describeS3Error(error, target);
  } finally {
    s3.destroy();
  }
}

/** One dataset's manifest, checked, and the SHA-256 of its bytes: the manifest is written once, last, so its hash
 * names the dataset as it was read. */
export function datasetManifest(target: Target, credentials: Credentials, datasetKey: string): Promise<{ manifest: RemoteManifest; sha256: string }> {
  safeName(datasetKey, 'dataset');
  return withStore(target, credentials, async (s3) => {
    const { manifest, text } = await getManifestText(s3, target, manifestKey(target, datasetKey));
    return { manifest, sha256: createHash('sha256').update(text).digest('hex') };
  });
}

export function listDatasets(target: Target, credentials: Credentials): Promise<RemoteDataset[]> {
  return withStore(target, credentials, async (s3) => {
    // The dataset folders, not every object: an OME-Zarr store holds thousands of chunks.
    const folders: string[] = [];
    let token: string | undefined;
    do {
      const page = await withRetries(() => s3.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: datasetsRoot(target), Delimiter: '/', ContinuationToken: token })));
      folders.push(...(page.CommonPrefixes ?? []).map(({ Prefix }) => Prefix!));
      token = page.NextContinuationToken;
    } while (token);
    const keys = folders.map((folder) => `${folder}${MANIFEST_NAME}`);
    const complete = (key: string) => getManifest(s3, target, key).catch((error: Error) => (error.name === 'NoSuchKey' ? undefined : Promise.reject(error))); // a push still under way
    const manifests = (await Promise.all(keys.map(complete))).filter((manifest) => manifest !== undefined);
    return manifests
      .map(({ datasetKey, description, files, createdAt, software, omeZarr }) => ({
        target: target.name,
        datasetKey,
        description,
        files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })),
        createdAt,
        software: `${software.name} ${software.version}`,
        ...(omeZarr && { omeZarr: { name: omeZarr.name, bytes: omeZarr.bytes, location: `s3://${target.name}/${datasetKey}/${omeZarr.name}` } }),
      }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  });
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

/** Downloads to a fresh hidden name beside `path`, checks the SHA-256, then moves it in: with `link` when
 * nothing may be replaced (it fails if a file appeared meanwhile), with `rename` when the user said overwrite. */
async function downloadVerified(s3: S3Client, bucket: string, file: RemoteManifest['files'][number], path: string, overwrite: boolean): Promise<string> {
  const partial = join(dirname(path), `.${file.name}.${randomBytes(6).toString('hex')}.partial`);
  const hash = createHash('sha256');
  try {
    const object = await withRetries(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: file.key })));
    const hashing = new Transform({ transform: (chunk: Buffer, _encoding, done) => done(null, hash.update(chunk) && chunk) });
    await pipeline(object.Body as Readable, hashing, createWriteStream(partial, { flags: 'wx', mode: 0o644 }));
    const sha256 = hash.digest('hex');
    if (sha256 !== file.sha256) throw new VoxbenchError('ChecksumMismatch', `${file.key}: the server's bytes have SHA-256 ${sha256}, the manifest says ${file.sha256}; nothing was kept.`);
    if (overwrite) await rename(partial, path);
    else await link(partial, path).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? fileExists([path]) : error;
    });
  } finally {
    await rm(partial, { force: true });
  }
  return path;
}

const fileExists = (paths: string[]) => new VoxbenchError('FileExists', `${paths.join(', ')} already ${paths.length > 1 ? 'exist' : 'exists'}; nothing was pulled. Pull with overwrite to replace ${paths.length > 1 ? 'them' : 'it'}.`);

export interface PullOptions {
  /** Replace files of the same names in `into` (the user said so). */
  overwrite?: boolean;
}

/** Downloads every file of a dataset into `into`; returns their paths. */
export function pullDataset(target: Target, credentials: Credentials, datasetKey: string, into: string, { overwrite = false }: PullOptions = {}): Promise<string[]> {
  safeName(datasetKey, 'dataset');
  return withStore(target, credentials, async (s3) => {
    const manifest = await getManifest(s3, target, manifestKey(target, datasetKey)).catch((error: Error) => {
      throw error.name === 'NoSuchKey' ? new VoxbenchError('NoSuchDataset', `${target.name} has no complete dataset ${datasetKey}.`) : error;
    });
    await mkdir(into, { recursive: true });
    const paths = manifest.files.map(({ name }) => join(into, name));
    const taken = overwrite ? [] : (await Promise.all(paths.map(async (path) => ((await exists(path)) ? [path] : [])))).flat();
    if (taken.length) throw fileExists(taken);
    for (const [index, file] of manifest.files.entries()) await downloadVerified(s3, target.bucket, file, paths[index]!, overwrite);
    return paths;
  });
}
