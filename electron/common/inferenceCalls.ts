// The contract entries of the inference domain, spread into contract.ts's one table.
import { z } from 'zod';
import { call, noParams } from './call.js';
import type { SegmentationInfo } from './segmentCalls.js';

/** ONNX Runtime execution providers, in the order services/inference/providers.ts tries them by default. */
export type Provider = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';
export const providerNames: Provider[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

/** A model as the library lists it; `problem` says why a package there cannot be used. */
export interface ModelEntry {
  name: string;
  version: string;
  task: 'segmentation' | 'prompt-segmentation';
  description?: string;
  labels: { value: number; name: string; color: [number, number, number] }[];
  prompts: boolean;
  bundled: boolean;
  manifestPath: string;
  problem?: string;
}

/** What the renderer draws of a prompt model's preview: its voxels as runs along the x-fastest voxel order. */
export interface PromptPreview {
  volumeId: string;
  model: string;
  seconds: number;
  voxels: number;
  /** Flat [start, length, start, length, …] of the labelled voxels; a box's answer is a few hundred runs, not bulk bytes. */
  runs: number[];
}

const vec3 = z.tuple([z.number(), z.number(), z.number()]);

/** What a finished run reports: who ran it and what it found. */
export interface InferenceResult {
  job: string;
  model: string;
  provider: Provider;
  /** The device it ran on, where it can be known (WebGPU: the Vulkan driver, or D3D12/Metal). */
  device?: string;
  /** Providers tried first, and why each did not run. */
  skippedProviders: { provider: Provider; reason: string }[];
  seconds: number;
  patches: number;
  /** Voxels per class of the model. */
  labels: { value: number; name: string; color: [number, number, number]; voxels: number }[];
  /** The volume's segmentation with the model's segments added (one import in its log, with the provenance). */
  segmentation: SegmentationInfo;
}

/** Prompts of interactive models, in voxel indices [x, y, z] of the volume. */
const promptsSchema = z
  .object({
    points: z.array(z.object({ at: vec3, positive: z.boolean() }).strict()).optional(),
    box: z.object({ min: vec3, max: vec3 }).strict().optional(),
  })
  .strict();

const runParams = z
  .object({
    volumeId: z.string().min(1),
    model: z.string().min(1),
    job: z.string().min(1),
    providers: z.array(z.enum(providerNames)).optional(),
    threads: z.number().int().positive().optional(),
  })
  .strict();

export const inferenceCalls = {
  /** The bundled models and the user's library, with the reason any package there cannot be used. */
  'inference.models': call(noParams).returns<ModelEntry[]>(),
  /** Copies a model pair into the user's library after checking its SHA-256; the .onnx is beside the manifest unless given. */
  'inference.addModel': call(z.object({ manifestPath: z.string().min(1), modelPath: z.string().min(1).optional() }).strict()).returns<ModelEntry>(),
  /** Runs a segmentation model on an open volume; `job` names the run for progress events and cancel. */
  'inference.run': call(runParams).returns<InferenceResult>(),
  /** Runs a prompt model on its prompts and holds the answer as the volume's preview; nothing is written yet. */
  'inference.preview': call(runParams.extend({ prompts: promptsSchema })).returns<PromptPreview>(),
  /** Imports the volume's preview as segments: one entry in its log, with the model's hash and the prompts. */
  'inference.accept': call(z.object({ volumeId: z.string().min(1) }).strict()).returns<SegmentationInfo>(),
  /** Drops the volume's preview. */
  'inference.reject': call(z.object({ volumeId: z.string().min(1) }).strict()).returns<null>(),
  'inference.cancel': call(z.object({ job: z.string().min(1) }).strict()).returns<null>(),
};

/** Event streams of the inference domain (event name → payload); runs report on the core `progress` stream. */
export type InferenceEvents = Record<never, never>;
