// One job from where the journal left it to done: every file's bytes, then the manifest (the commit
// marker), then the catalogue entry. Each step is journaled, so a resumed job skips what is finished.
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Bandwidth } from './bandwidth.js';
import { register } from './catalogue.js';
import type { JournalJob, SyncJournal } from './journal.js';
import { datasetFolder, hashedSpec, manifestKey, manifestOf, objectKey } from './manifest.js';
import type { Credentials, JobState, Target } from '../../common/syncModel.js';
import { describeS3Error, s3ClientFor, withRetries } from './s3.js';
import type { PartHasher } from './partHasher.js';
import { publishOmeZarr } from './publishOmeZarr.js';
import type { StorePublish } from './storeUpload.js';
import { uploadFile } from './uploadFile.js';

export interface PushRun {
  job: JournalJob;
  target: Target;
  credentials: Credentials;
  journal: SyncJournal;
  signal: AbortSignal;
  hasher: PartHasher;
  onBytes(bytes: number, stored?: boolean): void;
  onBuild: StorePublish['onBuild'];
  onState(state: JobState): Promise<void>;
}

const OBJECTS_PER_PART_LANE = 4;

export async function runPush({ job, target, credentials, journal, signal, hasher, onBytes, onBuild, onState }: PushRun): Promise<void> {
  const { spec } = job;
  const s3 = s3ClientFor(target, credentials);
  const bandwidth = new Bandwidth(target.bandwidth);
  try {
    await onState('uploading');
    for (const index of spec.files.keys()) {
      await uploadFile({ s3, bucket: target.bucket, key: objectKey(target, spec, index), journal, job, index, bandwidth, parallel: target.parallelParts, signal, hasher, onBytes });
    }
    if (spec.omeZarr) {
      const prefix = `${datasetFolder(target, spec.datasetKey)}${spec.omeZarr.name}/`;
      // Chunks are small objects, not 8 MiB parts: more of them in flight keep the link full.
      await publishOmeZarr(spec.omeZarr, { s3, bucket: target.bucket, prefix, journal, job, bandwidth, parallel: target.parallelParts * OBJECTS_PER_PART_LANE, signal, onBytes, onBuild });
    }
    if (!job.manifest) {
      const manifest = manifestOf(target, hashedSpec(job), job.store);
      const body = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
      const put = new PutObjectCommand({ Bucket: target.bucket, Key: manifestKey(target, spec.datasetKey), Body: body, ContentType: 'application/json', ContentMD5: createHash('md5').update(body).digest('base64') });
      await withRetries(() => s3.send(put, { abortSignal: signal }), { signal });
      await journal.append({ t: 'manifest', job: spec.id });
    }
    if (target.catalogue && !job.pid) {
      await onState('registering');
      await journal.append({ t: 'catalogued', job: spec.id, pid: await register(target, hashedSpec(job), credentials.catalogueToken, signal, job.store) });
    }
  } catch (error) {
    throw signal.aborted ? signal.reason : describeS3Error(error, target);
  } finally {
    s3.destroy();
  }
}
