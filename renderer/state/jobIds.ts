// The one place that reads and writes job ids. The main side names its jobs today as 'open <file name>',
// 'segment <volumeId>' and 'surfaces <volumeId>'; inference runs carry the id the renderer chose. When
// electron/common declares typed job ids, this file is what changes.
export type JobKind = 'open' | 'edit' | 'surfaces' | 'inference' | 'sync' | 'slices';

const prefixes: [string, JobKind][] = [
  ['open ', 'open'],
  ['segment ', 'edit'],
  ['surfaces ', 'surfaces'],
  ['inference-', 'inference'],
  ['sync ', 'sync'],
];

/** The kind of job an id names, or undefined for an id no one here knows. */
export const jobKindOf = (id: string): JobKind | undefined => prefixes.find(([prefix]) => id.startsWith(prefix))?.[1];

/** The id the main side gives its jobs of `kind` for `subject` (a file name, a volume id, a sync job id). */
export const jobId = (kind: Exclude<JobKind, 'inference' | 'slices'>, subject: string): string => `${prefixes.find(([, k]) => k === kind)![0]}${subject}`;

let runs = 0;
/** A fresh id for an inference run: the renderer names it, and the id travels with its call. */
export const inferenceJobId = (): string => `inference-${++runs}`;

/** Ids of the renderer's own jobs: loading a volume's voxels, and the full-resolution slices the views wait for. */
export const loadJobId = (volumeId: string): string => `load ${volumeId}`;
export const SLICES_JOB_ID = 'slices';
