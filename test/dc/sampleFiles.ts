// Result files for sync tests: random bytes (nothing compresses or repeats), written once per test file.
import { randomFillSync } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Provenance } from '../../electron/common/syncModel';

export async function randomFile(path: string, bytes: number): Promise<string> {
  const file = await open(path, 'w');
  const chunk = Buffer.allocUnsafe(16 << 20);
  for (let written = 0; written < bytes; written += chunk.length) await file.write(randomFillSync(chunk), 0, Math.min(chunk.length, bytes - written));
  await file.close();
  return path;
}

/** What a segmentation export hands to push. */
export const sampleProvenance: Provenance = {
  inputScans: [{ id: 'hospital-a/ct/2026-0113', sha256: 'a'.repeat(64), path: '/scans/ct-0113.nii.gz' }],
  software: { name: 'Voxbench', version: '0.1.0' },
  models: [{ name: 'liver-unet', sha256: 'b'.repeat(64), parameters: { patchSize: [96, 96, 96], overlap: 0.5 } }],
  operations: [
    { tool: 'threshold', parameters: { low: 40, high: 200 }, region: [0, 0, 0, 127, 127, 95] },
    { tool: 'brush', parameters: { radius: 3, label: 1 }, region: [10, 10, 10, 20, 20, 20] },
  ],
};

export async function provenanceFile(dir: string): Promise<string> {
  const path = join(dir, 'provenance.json');
  await writeFile(path, JSON.stringify(sampleProvenance));
  return path;
}
