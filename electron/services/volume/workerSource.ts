// Opens a scan in a worker thread of its own and gives back a VolumeSource whose reads travel to it.
// A reader that crashes (a wasm abort, say) takes down only its worker: calls then fail with WorkerCrashed.
import { basename } from 'node:path';
import type { OpenOptions } from '../io/reader.js';
import type { ValueStats, VolumeSource } from './model.js';
import { ReaderThreads } from './readerThreads.js';
import type { Opened, OpenProgress, PyramidPolicy } from './readerWorker.js';

export interface OpenedInWorker {
  source: VolumeSource;
  stats: ValueStats;
  pyramid?: Opened['pyramid'];
  building?: boolean;
}

export async function openInWorker(
  path: string,
  options: OpenOptions = {},
  { pyramids, onProgress, readers = new ReaderThreads() }: { pyramids?: PyramidPolicy; onProgress?: (done: number, total: number, what: OpenProgress['what']) => void; readers?: ReaderThreads } = {},
): Promise<OpenedInWorker> {
  const reader = readers.take(`The reader of ${basename(path)}`);
  let opened: Opened;
  try {
    opened = await reader.request('open', { path, options, pyramids }, { onProgress: ({ done, total, what }) => onProgress?.(done, total, what) });
  } catch (error) {
    await reader.close();
    throw error;
  }
  const source: VolumeSource = {
    meta: opened.meta,
    ...(opened.chunks && { chunks: opened.chunks }),
    readSlab: (z0, count) => reader.request('read', { z0, count }),
    readRegion: (box) => reader.request('region', { box }),
    async close() {
      if (reader.alive) await reader.request('close', null).catch(() => undefined);
      await reader.close();
    },
  };
  return { source, stats: opened.stats, pyramid: opened.pyramid, building: opened.building };
}
