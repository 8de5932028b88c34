// The project file: zod schema, versioned from the first version, with the migrations that bring an older
// file up to the current one before it is validated.
import { z } from 'zod';
import { operationSchema } from '../../common/segmentCalls.js';
import { VoxbenchError } from '../../common/errors.js';

export const WORKSPACE_VERSION = 2;

const rgb = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);
const segmentInfo = z.object({ value: z.number().int().min(1).max(65535), name: z.string(), color: rgb, visible: z.boolean(), locked: z.boolean() }).strict();

const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), segment: segmentInfo }).strict(),
  z.object({ kind: z.literal('update'), value: z.number().int(), changes: segmentInfo.pick({ name: true, color: true, locked: true }).partial() }).strict(),
  z.object({ kind: z.literal('delete'), value: z.number().int() }).strict(),
  z.object({ kind: z.literal('merge'), into: z.number().int(), from: z.array(z.number().int()) }).strict(),
  z.object({ kind: z.literal('edit'), edit: operationSchema }).strict(),
  z
    .object({ kind: z.literal('import'), blob: z.string(), mapping: z.array(z.tuple([z.number().int(), z.number().int()])), segments: z.array(segmentInfo), provenance: z.record(z.string(), z.unknown()) })
    .strict(),
]);

/** A labelmap's bytes: deflated, base64, named by the SHA-256 the blob store knows them by. */
const blobSchema = z.object({ type: z.enum(['uint8', 'uint16']), length: z.number().int().min(0), deflated: z.string() }).strict();

/** The labelmap in bricks of 64³ (x fastest, then y, then z): a brick of one value as that value, any other as a blob with the values in it. */
const brickedSchema = z
  .object({
    brick: z.literal(64),
    type: z.enum(['uint8', 'uint16']),
    bricks: z.array(z.union([z.number().int().min(0).max(65535), z.object({ blob: z.string(), values: z.array(z.number().int().min(1).max(65535)) }).strict()])),
  })
  .strict();

const volumeSchema = z
  .object({
    /** The volume's id when saved; measurements and view state may refer to it. */
    id: z.string(),
    path: z.string(),
    choice: z.string().optional(),
    frame: z.number().int().min(0).optional(),
    segments: z.array(segmentInfo),
    /** The labelmap as saved, so loading does not have to replay the log: bricks, or (project version 1) one blob. */
    labels: z.union([brickedSchema, z.string()]),
    log: z.array(actionSchema),
  })
  .strict();

export const workspaceSchema = z
  .object({
    version: z.literal(WORKSPACE_VERSION),
    savedAt: z.string(),
    app: z.object({ name: z.string(), version: z.string() }).strict(),
    volumes: z.array(volumeSchema),
    blobs: z.record(z.string(), blobSchema),
    measurements: z.unknown().optional(),
    view: z.unknown().optional(),
  })
  .strict();

export type WorkspaceFile = z.infer<typeof workspaceSchema>;
export type SavedVolume = z.infer<typeof volumeSchema>;
export type SavedBlob = z.infer<typeof blobSchema>;
export type SavedBricks = z.infer<typeof brickedSchema>;

/** migrations[n] turns a version-n file into version n+1. */
const migrations: Record<number, (file: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 2 saves labelmaps in bricks; version 1's whole-labelmap blobs still load as they are.
  1: (file) => ({ ...file, version: 2 }),
};

export function parseWorkspace(text: string, name: string): WorkspaceFile {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new VoxbenchError('BadWorkspace', `${name} is not a Voxbench project file (${(error as Error).message}).`);
  }
  let version = typeof data?.version === 'number' ? data.version : NaN;
  if (!Number.isInteger(version)) throw new VoxbenchError('BadWorkspace', `${name} has no version field: it is not a Voxbench project file.`);
  if (version > WORKSPACE_VERSION) throw new VoxbenchError('WorkspaceTooNew', `${name} was saved by a newer Voxbench (project version ${version}; this one reads up to ${WORKSPACE_VERSION}).`);
  while (version < WORKSPACE_VERSION) {
    const migrate = migrations[version];
    if (!migrate) throw new VoxbenchError('BadWorkspace', `${name}: no migration from project version ${version}.`);
    data = migrate(data);
    version++;
  }
  const parsed = workspaceSchema.safeParse(data);
  if (!parsed.success) throw new VoxbenchError('BadWorkspace', `${name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
