// What sync shows and takes across the contract, in the user's words: targets (one per data centre),
// credentials, provenance, and jobs as the queue shows them. Schemas are zod so the contract, the settings
// file and the journal share one check.
import { z } from 'zod';
import { providerNames } from './inferenceCalls.js';

/** Where credentials come from: the app's keychain (safeStorage), environment variables, or a user-only file. */
export const authSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('keychain') }).strict(),
  /** Reads `${prefix}_ACCESS_KEY_ID`, `${prefix}_SECRET_ACCESS_KEY` and `${prefix}_CATALOGUE_TOKEN`. */
  z.object({ from: z.literal('env'), prefix: z.string().regex(/^[A-Z_][A-Z0-9_]*$/) }).strict(),
  /** A JSON file { accessKeyId, secretAccessKey, catalogueToken? } that only its owner may read (mode 0600 or 0400). */
  z.object({ from: z.literal('file'), path: z.string().min(1) }).strict(),
]);

export const catalogueSchema = z
  .object({
    url: z.url(),
    /** SciCat's required owner fields for every dataset this workbench registers. */
    owner: z.string().min(1),
    ownerGroup: z.string().min(1),
    contactEmail: z.email(),
    accessGroups: z.array(z.string()).optional(),
  })
  .strict();

export const targetSchema = z
  .object({
    name: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64'),
    endpoint: z.url(),
    region: z.string().default('us-east-1'),
    bucket: z.string().min(3),
    prefix: z.string().default(''),
    auth: authSchema,
    catalogue: catalogueSchema.optional(),
    /** Upload speed limit in bytes per second (0: none). */
    bandwidth: z.number().int().min(0).default(0),
    partSize: z.number().int().min(5 << 20).max(5 << 30).default(8 << 20),
    parallelParts: z.number().int().min(1).max(32).default(4),
  })
  .strict();
export type Target = z.output<typeof targetSchema>;
export type TargetInput = z.input<typeof targetSchema>;

export const credentialsSchema = z
  .object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), catalogueToken: z.string().min(1).optional() })
  .strict();
export type Credentials = z.infer<typeof credentialsSchema>;

/** Where a derived dataset came from: what the catalogue and the manifest record beside the files. */
export const computeSchema = z
  .object({ scheduler: z.enum(['slurm', 'local']), batch: z.string().min(1), jobId: z.string().min(1), arrayTaskId: z.number().int().min(0), node: z.string().optional() })
  .strict();

/** Where a model ran: the ONNX Runtime provider (and device, where known), and the providers tried first with why each did not run. */
export const modelRunSchema = z
  .object({
    provider: z.enum(providerNames),
    device: z.string().optional(),
    skippedProviders: z.array(z.object({ provider: z.enum(providerNames), reason: z.string() }).strict()),
  })
  .strict();
/** Where a model ran as a provenance records it, from a record that may carry it (a batch task's result, an inference
 * import's log entry); nothing where it names no provider (a log from before providers were recorded). */
export function whereModelRan(record: { provider?: unknown; device?: unknown; skippedProviders?: unknown } | undefined): z.output<typeof modelRunSchema> | Record<string, never> {
  const { provider, device, skippedProviders } = record ?? {};
  const parsed = modelRunSchema.safeParse({ provider, ...(device !== undefined && { device }), skippedProviders: skippedProviders ?? [] });
  return parsed.success ? parsed.data : {};
}
/** A model a task ran (its library name and hash) and where it ran. */
export const modelRanSchema = modelRunSchema.extend({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export type ModelRan = z.output<typeof modelRanSchema>;

export const provenanceSchema = z
  .object({
    inputScans: z.array(z.object({ id: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), path: z.string().optional() }).strict()),
    software: z.object({ name: z.string().min(1), version: z.string().min(1) }).strict(),
    models: z
      .array(z.object({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), parameters: z.record(z.string(), z.unknown()) }).extend(modelRunSchema.partial().shape).strict())
      .default([]),
    /** The segmentation operation log (tool, parameters, affected region), as the segment domain writes it. */
    operations: z.array(z.record(z.string(), z.unknown())).default([]),
    /** How DICOM-derived files were de-identified before the push: the De-identification Method Code Sequence's items. */
    deidentification: z
      .object({
        method: z.string().min(1),
        codes: z.array(z.object({ value: z.string().min(1), scheme: z.string().min(1), meaning: z.string().min(1) }).strict()).min(1),
      })
      .strict()
      .optional(),
    /** Where a batch task made it: the Voxbench batch, the Slurm array job and array task id (or a run here), the node. */
    compute: computeSchema.optional(),
  })
  .strict();
export type Provenance = z.output<typeof provenanceSchema>;

/** How a push stores a scan: its files as they are, or one scan as a multiscale OME-Zarr store (opened in place). */
export const pushLayouts = ['files', 'ome-zarr'] as const;
export type PushLayout = (typeof pushLayouts)[number];

export type JobState = 'queued' | 'uploading' | 'registering' | 'paused' | 'done' | 'failed' | 'cancelled';

/** A job as the queue shows it. */
export interface JobView {
  id: string;
  target: string;
  description: string;
  files: { name: string; size: number }[];
  state: JobState;
  error?: { kind: string; message: string };
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds, while uploading. */
  rate: number;
  /** Seconds left at that rate. */
  etaSeconds?: number;
  /** While an OME-Zarr store is still being built (its chunks go up as they are written, its size is not known yet): how far the build got. */
  building?: { done: number; total: number };
  datasetKey: string;
  pid?: string;
  queuedAt: string;
  finishedAt?: string;
}

/** A dataset on a target: its manifest was written, so all its files are there. */
export interface RemoteDataset {
  target: string;
  datasetKey: string;
  description: string;
  files: { name: string; size: number; sha256: string }[];
  createdAt: string;
  software: string;
  /** A multiscale OME-Zarr store of the dataset, and the location volume.open opens it at in place. */
  omeZarr?: { name: string; bytes: number; location: string };
}
