// The recipe and batch tests' scans (make_batch.py) and the one recipe they share: parametric steps of every
// replayable kind, then a hand stroke that a recipe must list as not replayable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../electron/shell/host';
import type { OperationInput } from '../../electron/common/segmentCalls';
import { generatedDir } from '../fixtures/reference';
import { call, labelsOf, startHost } from './segmentHarness';

export const batchFixture = (name: string) => join(generatedDir, 'batch', name);
export const centres = JSON.parse(readFileSync(batchFixture('centres.json'), 'utf8')) as { pad: number; centres: Record<string, [number, number, number]>; voxels: Record<string, [number, number, number]> };

export const parametricSteps: OperationInput[] = [
  { tool: 'threshold', segment: 1, range: [300, 300], region: { min: [38, 36, 34], max: [58, 56, 54] } },
  { tool: 'fillHoles', segment: 1 },
  { tool: 'grow', segment: 2, seeds: [centres.voxels.scan_0!], range: [100, 110], connectivity: 26 },
  { tool: 'morphology', segment: 2, operation: 'dilate', mm: 1.2 },
  { tool: 'threshold', segment: 3, range: [100, 104], overwrite: 'empty' },
  { tool: 'islands', segment: 3, mode: 'removeSmall', minVoxels: 5, connectivity: 6 },
  { tool: 'smooth', segment: 2, method: 'gaussian', sigmaMm: 1 },
  { tool: 'logical', segment: 4, operation: 'copy', other: 3 },
  { tool: 'morphology', segment: 4, operation: 'close', mm: 1.5 },
];

/** Records the recipe's session on `volumeId`: four segments, the parametric steps, then a paint stroke. Returns the labelmap before the stroke. */
export async function recordSession(host: Host, volumeId: string, labelsOf: (host: Host, id: string) => Promise<Uint8Array>): Promise<Uint8Array> {
  for (let n = 1; n <= 4; n++) await call(host, 'segment.add', { volumeId });
  for (const operation of parametricSteps) await call(host, 'segment.apply', { volumeId, operation });
  const beforeStroke = await labelsOf(host, volumeId);
  await call(host, 'segment.apply', { volumeId, operation: { tool: 'paint', segment: 4, shape: 'sphere', radiusMm: 3, points: [[10, 10, 10]] } });
  return beforeStroke;
}

/** The recipe the batch tests and the batch bench share: recordSession on scan_0, saved at `path`. */
export async function saveSessionRecipe(path: string): Promise<void> {
  const host = startHost();
  const id = (await call(host, 'volume.open', { path: batchFixture('scan_0.nii.gz') })).id;
  await recordSession(host, id, labelsOf);
  await call(host, 'batch.saveRecipe', { volumeId: id, path });
  await host.close();
}
