// A labelmap's NGFF label image, built off the host's event loop: the label image worker asks for one layer of
// bricks at a time and the host posts them as they are (a brick row a message: a copy in C++, no JavaScript loops
// here); slabs are cut, halved by block mode and compressed there.
import { WorkerClient } from '../../workers/client.js';
import type { Labelmap } from '../segment/labelmap.js';
import type { VolumeMeta } from '../volume/model.js';
import type { ImageLabel } from '../volume/omeZarr.js';
import type { LabelImageCalls } from './labelImageWorker.js';

/** `meta` (labelmapMeta) places the labelmap on its volume's grid; it must not change until this resolves. */
export async function buildLabelImage(labelmap: Labelmap, meta: VolumeMeta, store: string, labels: ImageLabel): Promise<void> {
  const bricks = labelmap.snapshot(); // bricks are replaced by writes, never changed: this stays as it is now
  const [columns, rows] = labelmap.counts;
  const worker = new WorkerClient<LabelImageCalls>('labelImageWorker', { name: `The label image writer of ${meta.name}` });
  let sending = Promise.resolve();
  const sendLayer = async (bz: number) => {
    for (let by = 0; by < rows; by++) {
      const first = (bz * rows + by) * columns;
      await worker.request('bricks', { first, bricks: bricks.slice(first, first + columns) });
    }
  };
  try {
    const onProgress = ({ layer }: { layer: number }) => {
      sending = sending.then(() => sendLayer(layer));
      sending.catch(() => worker.close()); // the build then fails as cancelled; the send's error is reported
    };
    await worker.request('build', { store, meta, type: labelmap.type, labels }, { onProgress }).catch(async (error: unknown) => {
      await sending;
      throw error;
    });
  } finally {
    await worker.close();
  }
}
