// Job ids as the renderer knows them: the main side's (electron/common/jobIds) and the renderer's own long
// tasks (loading a volume's voxels, the full-resolution slices the views wait for, a sync push's bar, a batch job's, an upload).
import { jobIds, type MainJobKind } from '../../electron/common/jobIds';

export type JobKind = MainJobKind | 'sync' | 'batch' | 'slices' | 'load' | 'upload';

let runs = 0;
/** A fresh id for an inference run: the renderer names it, and the id travels with its call. */
export const inferenceJobId = (): string => jobIds.inference(++runs);

export const loadJobId = (volumeId: string): string => `load ${volumeId}`;
export const syncJobId = (syncJob: string): string => `sync ${syncJob}`;
export const batchJobId = (batchJob: string): string => `batch ${batchJob}`;
export const SLICES_JOB_ID = 'slices';
export const UPLOAD_JOB_ID = 'upload';
