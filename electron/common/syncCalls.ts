// The contract entries of the sync domain, spread into contract.ts's one table.
import { z } from 'zod';
import { call, noParams } from './call.js';
import { credentialsSchema, provenanceSchema, pushLayouts, targetSchema, type JobView, type RemoteDataset, type Target } from './syncModel.js';

const jobId = z.object({ id: z.string().min(1) }).strict();
const targetName = z.object({ target: z.string().min(1) }).strict();

export const syncCalls = {
  'sync.targets': call(noParams).returns<Target[]>(),
  /** Adds or replaces a target; `credentials` go to the desktop app's keychain (auth "keychain"), or to the auth "file" (mode 0600). */
  'sync.saveTarget': call(z.object({ target: targetSchema, credentials: credentialsSchema.optional() }).strict()).returns<Target>(),
  /** Test connection: the bucket listed with these credentials (else the target's own), the catalogue asked; each answer in words. */
  'sync.testTarget': call(z.object({ target: targetSchema, credentials: credentialsSchema.optional() }).strict()).returns<{ store: string; catalogue?: string }>(),
  'sync.removeTarget': call(z.object({ name: z.string().min(1) }).strict()).returns<null>(),
  /** Queues files (paths on the main side) as one derived dataset; they are hashed now, uploaded in the background.
   * `as: 'ome-zarr'`: the one scan is published as multiscale OME-Zarr (built, then uploaded chunk by chunk). */
  'sync.push': call(
    z.object({ target: z.string().min(1), files: z.array(z.string().min(1)).min(1), provenance: provenanceSchema, description: z.string().max(10_000), as: z.enum(pushLayouts).optional() }).strict(),
  ).returns<JobView>(),
  /** Queues the open scan's segmentation (.seg.nrrd) with the scan, provenance gathered on the main side; a scan from
   * DICOM goes de-identified with a DICOM SEG, and one that may carry burned-in text only with `confirmBurnedIn`. */
  'sync.pushSegmentation': call(
    z.object({ target: z.string().min(1), volumeId: z.string().min(1), description: z.string().max(10_000), confirmBurnedIn: z.boolean().optional() }).strict(),
  ).returns<JobView>(),
  /** Queues the open scan's file as multiscale OME-Zarr (opened in place from the dataset list), provenance gathered on the main side. */
  'sync.publishScan': call(z.object({ target: z.string().min(1), volumeId: z.string().min(1), description: z.string().max(10_000) }).strict()).returns<JobView>(),
  /** Queues the segmentation of a volume opened in place (s3://…) as an NGFF label image, a derived dataset of its own whose provenance names the image dataset's pid. */
  'sync.pushLabels': call(z.object({ target: z.string().min(1), volumeId: z.string().min(1), description: z.string().max(10_000) }).strict()).returns<JobView>(),
  'sync.pause': call(jobId).returns<JobView>(),
  'sync.resume': call(jobId).returns<JobView>(),
  /** Puts a failed job back in the queue, from its last stored part. */
  'sync.retry': call(jobId).returns<JobView>(),
  'sync.cancel': call(jobId).returns<JobView>(),
  /** Every job, newest first: the queue and the history. */
  'sync.status': call(noParams).returns<JobView[]>(),
  'sync.datasets': call(targetName).returns<RemoteDataset[]>(),
  /** Downloads a dataset (checksums verified) into `into`, or the user's Voxbench folder; returns the file paths.
   * A file of the same name there is a FileExists error unless `overwrite`. */
  'sync.pull': call(z.object({ target: z.string().min(1), datasetKey: z.string().min(1), into: z.string().min(1).optional(), overwrite: z.boolean().optional() }).strict()).returns<{ files: string[] }>(),
};

/** Event streams of the sync domain (event name → payload). */
export interface SyncEvents {
  /** A job changed: its state, or its bytes (at most five times a second). */
  'sync.job': JobView;
}
