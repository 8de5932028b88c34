// A worker thread that owns one open scan: decoding (h5wasm, inflate, DICOM codecs) and statistics run here,
// never on the Electron main thread or the web host's event loop. workerSource.ts is the other end. The same
// entry (the one the build bundles) also runs the main thread's pyramid level reader (levelReader.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { WireError } from '../../common/contract.js';
import { toWireError } from '../../common/errors.js';
import { openScan } from '../io/registry.js';
import type { OpenOptions } from '../io/reader.js';
import { pyramidCache } from './cache.js';
import { serveLevelReads } from './levelReader.js';
import { bytesPerVoxel, readRegion, valueStats, type Box, type VolumeSource } from './model.js';

/** Where pyramids are cached, and from what size (bytes of voxels) a volume gets one. */
export interface PyramidPolicy {
  cacheDir: string;
  largeBytes: number;
}

export type WorkerRequest =
  | { id: number; op: 'read'; z0: number; count: number }
  | { id: number; op: 'region'; box: Box }
  | { id: number; op: 'close' };

const { path, options, pyramids, role } = workerData as { path: string; options: OpenOptions; pyramids?: PyramidPolicy; role?: 'levels' };
const port = parentPort!;
let source: VolumeSource | undefined;
/** A reader whose decoder crashed (a wasm abort) cannot read on: every later request gets the same error. */
let crashed: WireError | undefined;

function failed(id: number, error: unknown) {
  const wire = crashed ?? toWireError(error);
  if (wire.kind === 'ReaderCrashed') crashed = wire;
  port.postMessage({ id, ok: false, error: wire });
}

/** Large volumes get a multiscale pyramid, from the cache or built now (that pass also finds the value range). */
async function pyramidOf(opened: VolumeSource, policy: PyramidPolicy) {
  const { dims, dtype } = opened.meta;
  if (dims[0] * dims[1] * dims[2] * bytesPerVoxel(dtype) <= policy.largeBytes) return undefined;
  const cache = pyramidCache(policy.cacheDir);
  const key = await cache.key(path, options);
  const cached = await cache.get(key);
  const image = cached ?? (await cache.build(opened, key, { onProgress: (done, total) => port.postMessage({ progress: done, total, what: 'pyramid' }) }));
  return { dir: image.dir, range: image.meta.range, cached: Boolean(cached) };
}

async function serveScan(): Promise<void> {
  try {
    source = await openScan(path, options);
    const pyramid = pyramids && (await pyramidOf(source, pyramids));
    const stats = pyramid
      ? { min: pyramid.range[0], max: pyramid.range[1], mean: NaN }
      : await valueStats(source, (slices) => port.postMessage({ progress: slices, total: source!.meta.dims[2], what: 'range' }));
    port.postMessage({ id: 0, ok: true, result: { meta: source.meta, stats, pyramid } });
  } catch (error) {
    failed(0, error);
  }

  port.on('message', async (request: WorkerRequest) => {
    try {
      if (crashed && request.op !== 'close') return failed(request.id, crashed);
      if (request.op === 'close') {
        await source?.close();
        port.postMessage({ id: request.id, ok: true, result: null });
        return port.close();
      }
      const slab = request.op === 'read' ? await source!.readSlab(request.z0, request.count) : await readRegion(source!, request.box);
      // Hand the buffer over without a copy when the slab owns all of it.
      const transfer = slab.byteOffset === 0 && slab.byteLength === slab.buffer.byteLength ? [slab.buffer as ArrayBuffer] : [];
      port.postMessage({ id: request.id, ok: true, result: slab }, transfer);
    } catch (error) {
      failed(request.id, error);
    }
  });
}

if (role === 'levels') serveLevelReads(port);
else await serveScan();
