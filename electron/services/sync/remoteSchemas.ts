// What comes back from the data centre is checked before use: a bucket or a catalogue may be hostile. Dataset and
// file names that become paths on this machine are single safe path components.
import { z } from 'zod';
import { VoxbenchError } from '../../common/errors.js';
import { provenanceSchema } from '../../common/syncModel.js';

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Why `name` cannot be one file or folder name inside a chosen folder, or undefined when it can. */
export function unsafeNameReason(name: string): string | undefined {
  if (!name || name === '.' || name === '..') return 'it is empty, "." or ".."';
  if (Buffer.byteLength(name) > 255) return 'it is longer than 255 bytes';
  if (/[/\\]/.test(name)) return 'it holds a path separator';
  if (/[\u0000-\u001f\u007f<>:"|?*]/.test(name)) return 'it holds a control character or one of < > : " | ? *';
  if (/[. ]$/.test(name) || WINDOWS_DEVICE.test(name)) return 'Windows cannot store it (a trailing dot or space, or a device name)';
  return undefined;
}

/** `name` if it is a safe single path component, else a typed error naming it. */
export function safeName(name: string, what: string): string {
  const reason = unsafeNameReason(name);
  if (reason) throw new VoxbenchError('UnsafeName', `The ${what} name ${JSON.stringify(name)} cannot be a file name here: ${reason}.`);
  return name;
}

const pathComponent = z.string().superRefine((name, context) => {
  const reason = unsafeNameReason(name);
  if (reason) context.addIssue({ code: 'custom', message: `${JSON.stringify(name)} is not a safe file name: ${reason}` });
});

/** voxbench-dataset.json as manifest.ts writes it. */
export const manifestSchema = z.object({
  format: z.literal('voxbench-dataset/1'),
  datasetKey: pathComponent,
  pid: z.string().min(1).optional(),
  createdAt: z.string(),
  description: z.string(),
  files: z
    .array(z.object({ name: pathComponent, key: z.string().min(1), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .refine((files) => new Set(files.map(({ name }) => name)).size === files.length, 'two files have the same name'),
  inputScans: provenanceSchema.shape.inputScans,
  software: provenanceSchema.shape.software,
  models: provenanceSchema.shape.models,
  operations: provenanceSchema.shape.operations,
  deidentification: provenanceSchema.shape.deidentification,
  omeZarr: z.object({ name: pathComponent, key: z.string().min(1), objects: z.number().int().min(1), bytes: z.number().int().min(0) }).optional(),
  compute: provenanceSchema.shape.compute,
});
export type RemoteManifest = z.output<typeof manifestSchema>;

/** The manifest at `key`, checked; a typed error naming the key otherwise. */
export function parseManifest(text: string, key: string): RemoteManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new VoxbenchError('BadManifest', `${key} is not JSON (${(error as Error).message}).`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new VoxbenchError('BadManifest', `${key}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** GET /api/v4/datasets/{pid}: what registration relies on (the record exists, with our pid). */
export const catalogueDatasetSchema = z.looseObject({ pid: z.string() });
/** GET /api/v4/datasets/{pid}/origdatablocks: a list of blocks of that dataset. */
export const catalogueBlocksSchema = z.array(z.looseObject({ datasetId: z.string() }));
