// Blending on its own thread (inference/blendWorker.ts) against first principles: a network that returns its
// input (channel 0) and its negation (channel 1) must give back the image and its negation, whatever the layout,
// since every voxel is a weighted mean of the same value from each patch that covers it.
import { afterAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { blendInThread } from '../../electron/services/inference/blendInThread';
import type { BlendCalls } from '../../electron/services/inference/blendWorker';
import { blendHere, slidingWindow, type Layout } from '../../electron/services/inference/slidingWindow';
import { WorkerClient } from '../../electron/workers/client';

const thread = new WorkerClient<BlendCalls>('blendWorker', { name: 'The blending thread' });
afterAll(() => thread.close());

/** Channel 0 the patch itself, channel 1 its negation, for each of the `count` patches. */
async function echo(input: Float32Array, count: number): Promise<Float32Array> {
  const size = input.length / count;
  const out = new Float32Array(count * 2 * size);
  for (let b = 0; b < count; b++) {
    const patch = input.subarray(b * size, (b + 1) * size);
    out.set(patch, 2 * b * size);
    out.set(patch.map((v) => -v), (2 * b + 1) * size);
  }
  return out;
}

describe('sliding-window blending', () => {
  const dims: Vec3 = [53, 41, 37];
  const image = new Float32Array(dims[0] * dims[1] * dims[2]).map((_, i) => Math.sin(i * 0.37) * 100);
  for (const layout of ['NCDHW', 'NCWHD'] as Layout[]) {
    for (const [where, blender] of [['in this thread', blendHere], ['on its own thread', blendInThread(thread)]] as const) {
      it(`${where}, ${layout}: returns the image and its negation`, async () => {
        const { output, channels } = await slidingWindow(image, dims, { patch: [24, 16, 20], overlap: 0.5, batch: 3, layout, blender }, echo);
        expect(channels).toBe(2);
        let worst = 0;
        for (let i = 0; i < image.length; i++) worst = Math.max(worst, Math.abs(output[i]! - image[i]!), Math.abs(output[image.length + i]! + image[i]!));
        expect(worst).toBeLessThan(1e-3); // float32 sums of values up to 100
      });
    }
  }
});
