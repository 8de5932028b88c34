// The dataset record: where a job's files live in the bucket, and the manifest written after the last byte,
// so a dataset exists for readers only when it is complete.
import { VoxbenchError } from '../../common/errors.js';
import type { Target } from '../../common/syncModel.js';
import type { JournalJob } from './journal.js';
import type { HashedSpec, JobSpec } from './model.js';

export const MANIFEST_NAME = 'voxbench-dataset.json';

/** Where a target's dataset folders lie: its prefix as a folder, or the bucket's top. */
export const datasetsRoot = (target: Target) => target.prefix.replace(/\/*$/, target.prefix ? '/' : '');
export const datasetFolder = (target: Target, datasetKey: string) => `${datasetsRoot(target)}${datasetKey}/`;
export const objectKey = (target: Target, spec: JobSpec, index: number) => `${datasetFolder(target, spec.datasetKey)}${spec.files[index]!.name}`;
export const manifestKey = (target: Target, datasetKey: string) => `${datasetFolder(target, datasetKey)}${MANIFEST_NAME}`;

export interface Manifest {
  format: 'voxbench-dataset/1';
  datasetKey: string;
  /** The catalogue's pid of this dataset, when the target has a catalogue. */
  pid?: string;
  createdAt: string;
  description: string;
  files: { name: string; key: string; size: number; sha256: string }[];
  inputScans: JobSpec['provenance']['inputScans'];
  software: JobSpec['provenance']['software'];
  models: JobSpec['provenance']['models'];
  operations: JobSpec['provenance']['operations'];
  deidentification?: JobSpec['provenance']['deidentification'];
  /** A multiscale OME-Zarr store (NGFF 0.4, Zarr v2) in the dataset's folder, opened in place. */
  omeZarr?: { name: string; key: string; objects: number; bytes: number };
  compute?: JobSpec['provenance']['compute'];
}

/** The job's spec with each stored file's SHA-256, and the pushed input scans added to the provenance with theirs. */
export function hashedSpec(job: JournalJob): HashedSpec {
  const { spec } = job;
  const files = spec.files.map((file, index) => {
    const sha256 = job.files[index]!.sha256 ?? file.sha256;
    if (!sha256) throw new VoxbenchError('FileNotHashed', `${file.path} of job ${spec.id} has no SHA-256: it is not stored yet.`);
    return { ...file, sha256 };
  });
  const scans = (spec.inputScanFiles ?? []).map((index) => ({ id: files[index]!.name, sha256: files[index]!.sha256, path: files[index]!.path }));
  return { ...spec, files, provenance: { ...spec.provenance, inputScans: [...spec.provenance.inputScans, ...scans] } };
}

export function manifestOf(target: Target, spec: HashedSpec, store?: { objects: number; bytes: number }): Manifest {
  const { inputScans, software, models, operations, deidentification, compute } = spec.provenance;
  return {
    format: 'voxbench-dataset/1',
    datasetKey: spec.datasetKey,
    ...(target.catalogue && { pid: spec.id }),
    createdAt: spec.queuedAt,
    description: spec.description,
    files: spec.files.map(({ name, size, sha256 }, index) => ({ name, key: objectKey(target, spec, index), size, sha256 })),
    inputScans,
    software,
    models,
    operations,
    ...(deidentification && { deidentification }),
    ...(spec.omeZarr && store && { omeZarr: { name: spec.omeZarr.name, key: `${datasetFolder(target, spec.datasetKey)}${spec.omeZarr.name}/`, ...store } }),
    ...(compute && { compute }),
  };
}
