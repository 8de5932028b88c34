// What the sync queue keeps of a job on the main side; what crosses the contract is in common/syncModel.ts.
import type { Provenance } from '../../common/syncModel.js';

/** One file of a job, as it was when the job was queued. */
export interface QueuedFile {
  path: string;
  /** Its name inside the dataset. */
  name: string;
  size: number;
  mtimeMs: number;
  /** Only in journals written before the SHA-256 was computed during the upload (it is the file's, as queued). */
  sha256?: string;
}

/** A file of a job once it is stored: with the SHA-256 of the bytes its upload read. */
export type HashedFile = QueuedFile & { sha256: string };

export interface JobSpec {
  id: string;
  target: string;
  /** Folder of the dataset in the bucket; also the catalogue pid's last part. */
  datasetKey: string;
  files: QueuedFile[];
  provenance: Provenance;
  /** Files (indexes into `files`) that are also input scans: recorded in the provenance with the SHA-256 of their upload. */
  inputScanFiles?: number[];
  description: string;
  partSize: number;
  queuedAt: string;
  /** Published as multiscale OME-Zarr instead of whole files: the scan, and the store built from it in staging. */
  omeZarr?: OmeZarrPublish;
}

/** What the manifest and the catalogue record of a job whose files are stored. */
export type HashedSpec = Omit<JobSpec, 'files'> & { files: HashedFile[] };

export interface OmeZarrPublish {
  /** The scan the pyramid is built from (also an input scan of the provenance), as it was when queued; none for a
   * store built before it was queued (the labels of a volume opened in place: nothing on disk to build them from). */
  source?: QueuedFile;
  /** The store's name in the dataset's folder, `<scan>.ome.zarr`. */
  name: string;
  /** Where the store is built before it is uploaded (the job's staging folder). */
  staged: string;
}
