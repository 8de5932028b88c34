// Runs one model in a fresh process, for the WebGPU tests: Dawn finds the Vulkan loader (LD_LIBRARY_PATH) and
// driver (VK_ICD_FILENAMES) only from the environment the process starts with. Argument: a JSON job; writes
// the labels to job.out and prints the run's provenance as JSON.
import { readFile, writeFile } from 'node:fs/promises';
import type { Vec3 } from '../../electron/common/contract';
import type { Provider } from '../../electron/common/inferenceCalls';
import { readManifest } from '../../electron/services/inference/manifest';
import type { Prompts } from '../../electron/services/inference/pipeline';
import { InferenceRunner } from '../../electron/services/inference/runner';

export interface ChildJob {
  manifest: string;
  /** Raw float32 voxels, x fastest. */
  volume: string;
  dims: Vec3;
  /** Absent: the default order. */
  providers?: Provider[];
  prompts?: Prompts;
  out: string;
}

const job = JSON.parse(process.argv[2]!) as ChildJob;
const bytes = await readFile(job.volume);
const voxels = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const runner = new InferenceRunner();
try {
  const run = await runner.run(await readManifest(job.manifest), voxels, { dims: job.dims, spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, { providers: job.providers, prompts: job.prompts });
  await writeFile(job.out, run.labels);
  console.log(JSON.stringify(run.provenance));
} finally {
  await runner.close();
}
