// What the sync queue keeps of a job on the main side; what crosses the contract is in common/syncModel.ts.
import type { Provenance } from '../../common/syncModel.js';

/** One file of a job, as it was when the job was queued. */
export interface QueuedFile {
  path: string;
  /** Its name inside the dataset. */
  name: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export interface JobSpec {
  id: string;
  target: string;
  /** Folder of the dataset in the bucket; also the catalogue pid's last part. */
  datasetKey: string;
  files: QueuedFile[];
  provenance: Provenance;
  description: string;
  partSize: number;
  queuedAt: string;
  /** Published as multiscale OME-Zarr instead of whole files: the scan, and the store built from it in staging. */
  omeZarr?: OmeZarrPublish;
}

export interface OmeZarrPublish {
  /** The scan the pyramid is built from (also an input scan of the provenance), as it was when queued; none for a
   * store built before it was queued (the labels of a volume opened in place: nothing on disk to build them from). */
  source?: QueuedFile;
  /** The store's name in the dataset's folder, `<scan>.ome.zarr`. */
  name: string;
  /** Where the store is built before it is uploaded (the job's staging folder). */
  staged: string;
}
