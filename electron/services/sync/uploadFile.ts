// One file of a job to the object store by multipart upload: parts in parallel, Content-MD5 on each (the
// server checks it), each stored part journaled with its ETag, the file's SHA-256 from the same reads (journaled
// with the file). A resumed upload asks the server (ListParts) which parts it holds and sends only the others.
import { stat } from 'node:fs/promises';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { VoxbenchError } from '../../common/errors.js';
import type { Bandwidth } from './bandwidth.js';
import { FileSha256 } from './fileSha256.js';
import type { JournalJob, SyncJournal } from './journal.js';
import type { QueuedFile } from './model.js';
import type { PartHasher } from './partHasher.js';
import { unsignedPut, withRetries } from './s3.js';

export interface FileUpload {
  s3: S3Client;
  bucket: string;
  key: string;
  journal: SyncJournal;
  job: JournalJob;
  index: number;
  bandwidth: Bandwidth;
  parallel: number;
  signal: AbortSignal;
  hasher: PartHasher;
  /** Bytes now stored on the server; `stored` for those found there already (reported first). */
  onBytes(bytes: number, stored?: boolean): void;
}

type StoredPart = { etag: string; size: number };

/** The file must still be what was queued: same size, same modification time. */
export async function checkUnchanged(file: QueuedFile): Promise<void> {
  const now = await stat(file.path).catch((error: Error) => {
    throw new VoxbenchError('FileMissing', `${file.path} is gone since it was queued (${error.message}).`);
  });
  if (now.size !== file.size || now.mtimeMs !== file.mtimeMs) {
    throw new VoxbenchError('FileChanged', `${file.path} changed on disk after it was queued (${file.size} → ${now.size} bytes, modified ${new Date(now.mtimeMs).toISOString()}); queue it again to upload the new version.`);
  }
}

const partRange = (file: QueuedFile, partSize: number, part: number) => {
  const start = (part - 1) * partSize;
  return { start, length: Math.min(partSize, file.size - start) };
};

/** Reads a part into `shared` in the hash thread; resolves to its MD5 in hex, and whether the file's SHA-256 `stream` took it. */
function hashPart(upload: FileUpload, file: QueuedFile, partSize: number, part: number, shared: SharedArrayBuffer, stream?: string): Promise<{ md5: string; streamed: boolean }> {
  return upload.hasher.readAndHash({ path: file.path, ...partRange(file, partSize, part), shared, stream });
}

const unquote = (etag = '') => etag.replace(/"/g, '');

/** The parts the server holds, or undefined when it no longer knows the upload. */
async function serverParts(upload: FileUpload, uploadId: string): Promise<Map<number, StoredPart> | undefined> {
  const parts = new Map<number, StoredPart>();
  let marker: string | undefined;
  try {
    do {
      const page = await withRetries(() => upload.s3.send(new ListPartsCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: uploadId, PartNumberMarker: marker }), { abortSignal: upload.signal }), { signal: upload.signal });
      for (const part of page.Parts ?? []) parts.set(part.PartNumber!, { etag: unquote(part.ETag), size: part.Size! });
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (error) {
    if ((error as Error).name === 'NoSuchUpload') return undefined;
    throw error;
  }
  return parts;
}

/** Parts both sides agree on. A part the server has but the journal missed (killed before the line was
 * written) counts when its ETag is the MD5 of our bytes. */
async function reconcile(upload: FileUpload, server: Map<number, StoredPart>): Promise<Map<number, StoredPart>> {
  const { spec, files } = upload.job;
  const file = spec.files[upload.index]!;
  const journaled = files[upload.index]!.parts;
  const agreed = new Map<number, StoredPart>();
  let shared: SharedArrayBuffer | undefined;
  for (const [part, held] of server) {
    if (held.size !== partRange(file, spec.partSize, part).length) continue;
    const known = journaled.get(part);
    if (known ? known.etag === held.etag : (await hashPart(upload, file, spec.partSize, part, (shared ??= new SharedArrayBuffer(held.size)))).md5 === held.etag) agreed.set(part, held);
  }
  return agreed;
}

/** `shared`: the lane's part buffer, reused from part to part (fresh 8 MiB buffers keep the GC busy): resolves once
 * the part is stored and the file's hash has taken it. */
async function sendPart(upload: FileUpload, uploadId: string, part: number, shared: SharedArrayBuffer, sha256: FileSha256): Promise<void> {
  const { spec } = upload.job;
  const file = spec.files[upload.index]!;
  await checkUnchanged(file);
  const { md5, streamed } = await hashPart(upload, file, spec.partSize, part, shared, sha256.stream);
  const taken = sha256.take(part, streamed ? 'taken' : shared);
  taken.catch(() => undefined); // its failure is seen at the end; none goes unhandled while the part is sent
  const bytes = Buffer.from(shared, 0, partRange(file, spec.partSize, part).length);
  const contentMd5 = Buffer.from(md5, 'hex').toString('base64');
  await upload.bandwidth.take(bytes.length, upload.signal);
  const { ETag } = await withRetries(
    () => upload.s3.send(unsignedPut({ Bucket: upload.bucket, Key: upload.key, UploadId: uploadId, PartNumber: part, Body: bytes, ContentMD5: contentMd5, ContentLength: bytes.length }), { abortSignal: upload.signal }),
    { signal: upload.signal },
  );
  await upload.journal.append({ t: 'part', job: spec.id, file: upload.index, part, etag: unquote(ETag), size: bytes.length });
  upload.onBytes(bytes.length);
  await taken;
}

async function complete(upload: FileUpload, uploadId: string, parts: Map<number, StoredPart>, file: QueuedFile): Promise<void> {
  const { s3, bucket, key, signal } = upload;
  const Parts = [...parts].sort(([a], [b]) => a - b).map(([PartNumber, { etag }]) => ({ PartNumber, ETag: `"${etag}"` }));
  try {
    await withRetries(() => s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts } }), { abortSignal: signal }), { signal });
  } catch (error) {
    if ((error as Error).name !== 'NoSuchUpload') throw error; // a retried Complete whose first try got through
  }
  const head = await withRetries(() => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }), { signal });
  if (head.ContentLength !== file.size) throw new VoxbenchError('UploadIncomplete', `${key} holds ${head.ContentLength} bytes on the server, ${file.path} has ${file.size}.`);
}

export async function uploadFile(upload: FileUpload): Promise<void> {
  const { job, index, journal } = upload;
  const file = job.spec.files[index]!;
  const state = job.files[index]!;
  if (state.done) return upload.onBytes(file.size, true);
  await checkUnchanged(file);
  const partCount = Math.max(1, Math.ceil(file.size / job.spec.partSize));
  let uploadId = state.uploadId;
  const held = uploadId ? await serverParts(upload, uploadId) : undefined;
  const stored = held ? await reconcile(upload, held) : new Map<number, StoredPart>();
  if (!held) {
    const created = await withRetries(() => upload.s3.send(new CreateMultipartUploadCommand({ Bucket: upload.bucket, Key: upload.key }), { abortSignal: upload.signal }), { signal: upload.signal });
    uploadId = created.UploadId!;
    await journal.append({ t: 'upload', job: job.spec.id, file: index, uploadId });
  }
  for (const [part, held] of stored) {
    if (!state.parts.has(part)) await journal.append({ t: 'part', job: job.spec.id, file: index, part, ...held });
    upload.onBytes(held.size, true);
  }
  const pending = Array.from({ length: partCount }, (_, i) => i + 1).filter((part) => !stored.has(part));
  const sha256 = new FileSha256(upload.hasher, file, job.spec.partSize, new Set(stored.keys()));
  let failed = false; // one part failing stops the others taking new parts
  const lane = async () => {
    const shared = new SharedArrayBuffer(Math.min(job.spec.partSize, file.size));
    // A lane takes its next part only once the hash has its last one: parts go out in order, so none waits on a later one.
    for (let part = pending.shift(); part !== undefined && !failed; part = pending.shift()) {
      await sendPart(upload, uploadId!, part, shared, sha256).catch((error: unknown) => {
        failed = true;
        sha256.abandon(error);
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(upload.parallel, pending.length) }, lane));
  const digest = await sha256.digest();
  await checkUnchanged(file);
  await complete(upload, uploadId!, state.parts, file);
  await journal.append({ t: 'file', job: job.spec.id, file: index, sha256: digest });
}
