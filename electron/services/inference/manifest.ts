// A model package: an .onnx file plus this JSON manifest, which says how to feed the network and read its
// answer. Sizes and spacings are [x, y, z] like the rest of Voxbench, whatever the tensor layout.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { VoxbenchError } from '../../common/errors.js';
import { sha256File } from '../fileHash.js';

const vec3 = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const size3 = z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]);

/** Intensity normalisation before the network, as nnU-Net and MONAI pipelines do it. */
export const normalisationSchema = z.discriminatedUnion('kind', [
  /** CT: clip to a window in HU, then z-score with the training set's mean and std. */
  z.object({ kind: z.literal('ct'), window: z.tuple([z.number(), z.number()]), mean: z.number(), std: z.number().positive() }).strict(),
  /** z-score with this volume's own mean and std. */
  z.object({ kind: z.literal('zscore') }).strict(),
  /** Clip to this volume's low/high percentiles, then scale to [0, 1]. */
  z.object({ kind: z.literal('percentile'), low: z.number().min(0).max(100), high: z.number().min(0).max(100) }).strict(),
  /** Scale this volume's [min, max] (or a fixed range) to [0, 1]. */
  z.object({ kind: z.literal('minmax'), range: z.tuple([z.number(), z.number()]).optional() }).strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);
export type Normalisation = z.infer<typeof normalisationSchema>;

export const manifestSchema = z
  .object({
    name: z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . - only'),
    version: z.string().min(1),
    task: z.enum(['segmentation', 'prompt-segmentation']),
    description: z.string().optional(),
    /** The model file beside the manifest; defaults to <manifest name>.onnx. */
    file: z.string().optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
    input: z.object({ name: z.string().min(1), layout: z.enum(['NCDHW', 'NCWHD']).default('NCDHW') }).strict(),
    output: z.object({ name: z.string().min(1), activation: z.enum(['softmax', 'sigmoid', 'none']).default('softmax') }).strict(),
    /** Voxel spacing the network was trained at, mm; absent: the volume's own. */
    spacing: vec3.optional(),
    /** Index axes as the network expects them, e.g. "RAS" (nibabel) or "LPS" (ITK); absent: as stored. */
    orientation: z.string().regex(/^[RL][AP][SI]$|^[RL][SI][AP]$|^[AP][RL][SI]$|^[AP][SI][RL]$|^[SI][RL][AP]$|^[SI][AP][RL]$/).optional(),
    normalisation: normalisationSchema,
    patch: z
      .object({ size: size3, overlap: z.number().min(0).lt(1).default(0.5), batch: z.number().int().positive().default(2) })
      .strict(),
    /** Foreground classes: output channel `value` (softmax) or channel `value - 1` (sigmoid) is label `value`. */
    labels: z
      .array(z.object({ value: z.number().int().min(1).max(65535), name: z.string().min(1), color: z.tuple([z.number(), z.number(), z.number()]) }).strict())
      .min(1),
    /** Element type of the model's float inputs and outputs; float16 models get their tensors converted both ways. */
    precision: z.enum(['float32', 'float16']).default('float32'),
    /** Extra inputs of interactive models: points [1, K, 4] = (x, y, z, 1 positive | 0 negative), box [1, 6]. */
    prompts: z.object({ points: z.string().optional(), box: z.string().optional() }).strict().optional(),
  })
  .strict();
export type ModelManifest = z.infer<typeof manifestSchema>;

/** A manifest with the model file it describes. */
export interface ModelPackage {
  manifest: ModelManifest;
  manifestPath: string;
  modelPath: string;
}

export function modelFileOf(manifestPath: string, manifest: Pick<ModelManifest, 'file'>): string {
  return join(dirname(manifestPath), manifest.file ?? `${basename(manifestPath, '.json')}.onnx`);
}

export async function readManifest(manifestPath: string): Promise<ModelPackage> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new VoxbenchError('InvalidManifest', `${manifestPath}: cannot read the model manifest (${why}).`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new VoxbenchError('InvalidManifest', `${manifestPath}: ${z.prettifyError(parsed.error)}`);
  return { manifest: parsed.data, manifestPath, modelPath: modelFileOf(manifestPath, parsed.data) };
}

/** Checks the model file against the manifest's SHA-256 before anything runs it. */
export async function verifyModel({ manifest, manifestPath, modelPath }: ModelPackage): Promise<void> {
  const actual = await sha256File(modelPath).catch((error: NodeJS.ErrnoException) => {
    throw new VoxbenchError('ModelFileMissing', `${modelPath}: cannot read the model file (${error.code ?? error.message}).`);
  });
  if (actual !== manifest.sha256) {
    throw new VoxbenchError(
      'ModelChecksumMismatch',
      `${modelPath}: SHA-256 is ${actual}, but ${basename(manifestPath)} expects ${manifest.sha256}; the file is damaged or not the model the manifest describes.`,
    );
  }
}
