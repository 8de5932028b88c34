// One object of a bucket to a new file, fetched as byte ranges several at a time (signed GETs, s3Get.ts) and hashed
// with SHA-256 as the bytes arrive: the range at the front is hashed as it streams in, the ranges behind it wait in
// memory for their turn (at most `parallel` ranges), so the file is never read a second time. A range cut off by
// the network is asked for again from the byte where it stopped.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { VoxbenchError } from '../../common/errors.js';
import type { Credentials, Target } from '../../common/syncModel.js';
import { S3GetError, s3Response } from './s3Get.js';
import { withRetries } from './s3Retry.js';

/** Bytes gathered before one positional write: fewer system calls than one per socket read. */
const WRITE_BATCH = 1 << 20;

export interface RangedDownload {
  target: Target;
  credentials: Credentials;
  key: string;
  /** The object's size as the manifest gives it: the ranges cover exactly these bytes. */
  size: number;
  /** Created, never replaced ('wx'). */
  path: string;
  rangeSize: number;
  parallel: number;
}

/** Downloads the object into `path`; returns the SHA-256 (hex) of the bytes written. */
export async function downloadInRanges({ target, credentials, key, size, path, rangeSize, parallel }: RangedDownload): Promise<string> {
  const count = Math.ceil(size / rangeSize);
  const hash = createHash('sha256');
  const waiting: Buffer[][] = Array.from({ length: count }, () => []);
  const complete = new Array<boolean>(count).fill(false);
  let front = 0;
  const received = (index: number, chunk: Buffer) => (index === front ? hash.update(chunk) : waiting[index]!.push(chunk));
  const finished = (index: number) => {
    complete[index] = true;
    while (front < count && complete[front]) {
      front++;
      for (const chunk of waiting[front] ?? []) hash.update(chunk);
      if (front < count) waiting[front] = [];
    }
  };
  const file = await open(path, 'wx', 0o644);
  try {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const index = next++;
        const start = index * rangeSize;
        await fetchRange(file, { target, credentials, key }, start, Math.min(size, start + rangeSize), (chunk) => received(index, chunk));
        finished(index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** Bytes [start, end) of the object into `file` at their own offsets, each chunk handed to `received` once, in order. */
async function fetchRange(file: FileHandle, object: Pick<RangedDownload, 'target' | 'credentials' | 'key'>, start: number, end: number, received: (chunk: Buffer) => void): Promise<void> {
  let at = start;
  await withRetries(async () => {
    const response = await s3Response(object.target, object.credentials, object.key, `bytes=${at}-${end - 1}`);
    if (!response) throw new S3GetError('NoSuchKey', `GET ${object.key}: 404 NoSuchKey`, { httpStatusCode: 404 });
    let batch: Buffer[] = [];
    let batched = 0;
    const flush = async () => {
      if (batched) await file.writev(batch, at);
      at += batched;
      batch = [];
      batched = 0;
    };
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        if (at + batched + chunk.length > end) throw new VoxbenchError('ChecksumMismatch', `${object.key}: the server sent more than the manifest's bytes ${start}-${end - 1}; nothing was kept.`);
        received(chunk);
        batch.push(chunk);
        batched += chunk.length;
        if (batched >= WRITE_BATCH) await flush();
      }
    } finally {
      await flush(); // what was handed on is written, so a try again starts after it
    }
  });
  if (at !== end) throw new VoxbenchError('ChecksumMismatch', `${object.key}: the server holds fewer bytes than the manifest's ${end}; nothing was kept.`);
}
