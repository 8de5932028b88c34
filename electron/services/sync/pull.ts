// Datasets on a target (those whose manifest is written) and downloading one with its checksums verified.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { VoxbenchError } from '../../common/errors.js';
import { MANIFEST_NAME, manifestKey, type Manifest } from './manifest.js';
import type { Credentials, RemoteDataset, Target } from '../../common/syncModel.js';
import { describeS3Error, s3ClientFor, withRetries } from './s3.js';

async function getJson(s3: S3Client, bucket: string, key: string): Promise<Manifest> {
  const object = await withRetries(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
  return JSON.parse(await object.Body!.transformToString()) as Manifest;
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

export function listDatasets(target: Target, credentials: Credentials): Promise<RemoteDataset[]> {
  return withStore(target, credentials, async (s3) => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await withRetries(() => s3.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: target.prefix, ContinuationToken: token })));
      keys.push(...(page.Contents ?? []).map(({ Key }) => Key!).filter((key) => basename(key) === MANIFEST_NAME));
      token = page.NextContinuationToken;
    } while (token);
    const manifests = await Promise.all(keys.map((key) => getJson(s3, target.bucket, key)));
    return manifests
      .map(({ datasetKey, description, files, createdAt, software }) => ({ target: target.name, datasetKey, description, files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })), createdAt, software: `${software.name} ${software.version}` }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  });
}

async function downloadVerified(s3: S3Client, bucket: string, file: Manifest['files'][number], into: string): Promise<string> {
  const path = join(into, basename(file.name));
  const partial = `${path}.partial`;
  const hash = createHash('sha256');
  const object = await withRetries(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: file.key })));
  const hashing = new Transform({ transform: (chunk: Buffer, _encoding, done) => done(null, hash.update(chunk) && chunk) });
  await pipeline(object.Body as Readable, hashing, createWriteStream(partial));
  const sha256 = hash.digest('hex');
  if (sha256 !== file.sha256) {
    await rm(partial, { force: true });
    throw new VoxbenchError('ChecksumMismatch', `${file.key}: the server's bytes have SHA-256 ${sha256}, the manifest says ${file.sha256}; nothing was kept.`);
  }
  await rename(partial, path);
  return path;
}

/** Downloads every file of a dataset into `into`; returns their paths. */
export function pullDataset(target: Target, credentials: Credentials, datasetKey: string, into: string): Promise<string[]> {
  return withStore(target, credentials, async (s3) => {
    const manifest = await getJson(s3, target.bucket, manifestKey(target, datasetKey)).catch((error: Error) => {
      throw error.name === 'NoSuchKey' ? new VoxbenchError('NoSuchDataset', `${target.name} has no complete dataset ${datasetKey}.`) : error;
    });
    await mkdir(into, { recursive: true });
    const paths: string[] = [];
    for (const file of manifest.files) paths.push(await downloadVerified(s3, target.bucket, file, into));
    return paths;
  });
}
