// A worker thread that owns one open scan: decoding (h5wasm, inflate, DICOM codecs) and statistics run here,
// never on the Electron main thread or the web host's event loop. workerSource.ts is the other end.
import { parentPort, workerData } from 'node:worker_threads';
import { toWireError } from '../errors.js';
import { openScan } from '../io/registry.js';
import type { OpenOptions } from '../io/reader.js';
import { readRegion, valueStats, type Box, type VolumeSource } from './model.js';

export type WorkerRequest =
  | { id: number; op: 'read'; z0: number; count: number }
  | { id: number; op: 'region'; box: Box }
  | { id: number; op: 'close' };

const { path, options } = workerData as { path: string; options: OpenOptions };
const port = parentPort!;
let source: VolumeSource | undefined;

try {
  source = await openScan(path, options);
  const stats = await valueStats(source, (slices) => port.postMessage({ progress: slices, total: source!.meta.dims[2] }));
  port.postMessage({ id: 0, ok: true, result: { meta: source.meta, stats } });
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: toWireError(error) });
}

port.on('message', async (request: WorkerRequest) => {
  try {
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
    port.postMessage({ id: request.id, ok: false, error: toWireError(error) });
  }
});
