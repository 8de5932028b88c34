// The blending thread of the inference worker: onnxruntime-node's session.run holds the inference worker's
// thread for a whole batch, so the last batch's outputs are summed here meanwhile, into sums in shared memory.
import type { Vec3 } from '../../common/contract.js';
import { serveRequests } from '../../workers/serve.js';
import { blendBatch, type BlendJob } from './slidingWindow.js';

export type BlendCalls = { blend: { request: { sums: Float32Array; job: BlendJob; result: Float32Array; starts: Vec3[] }; reply: null } };

let reordered: Float32Array | undefined;

serveRequests<BlendCalls>({
  blend: ({ sums, job, result, starts }) => {
    if (job.layout !== 'NCDHW' && reordered?.length !== job.channels * job.importance.length) reordered = new Float32Array(job.channels * job.importance.length);
    blendBatch(sums, job, result, starts, reordered);
    return null;
  },
});
