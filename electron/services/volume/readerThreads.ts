// Where reader worker threads come from. Once warmed (the app at launch), one spare thread stands ready with its
// decoders loaded (h5wasm compiled, the readers' modules imported), so opening a scan or building its pyramid does
// not wait seconds for a fresh thread; each thread taken is replaced by a new spare.
import { WorkerClient } from '../../workers/client.js';
import type { ReaderCalls } from './readerWorker.js';

const reader = (name: string) => new WorkerClient<ReaderCalls>('readerWorker', { name, cancel: 'message' });

export class ReaderThreads {
  private spare: { thread: WorkerClient<ReaderCalls>; warmed: Promise<unknown> } | undefined;
  private keepSpare = false;

  /** Starts a spare now and keeps one from then on. */
  warm(): void {
    this.keepSpare = true;
    this.spare ??= this.startSpare();
  }

  /** A reader thread named for what it serves: the spare if one is alive, else a fresh one. */
  take(name: string): WorkerClient<ReaderCalls> {
    const spare = this.spare?.thread.alive ? this.spare.thread : undefined;
    this.spare = undefined;
    // A second later, so the new spare's start does not compete with the open that took this one.
    if (this.keepSpare) setTimeout(() => this.keepSpare && (this.spare ??= this.startSpare()), 1000).unref();
    if (!spare) return reader(name);
    spare.rename(name);
    return spare;
  }

  async close(): Promise<void> {
    this.keepSpare = false;
    const spare = this.spare;
    this.spare = undefined;
    await spare?.thread.close();
  }

  /** Resolves once the spare (if any) has loaded its decoders: benchmarks time opens from an idle app. */
  async spareReady(): Promise<void> {
    await this.spare?.warmed;
  }

  private startSpare() {
    const thread = reader('A spare volume reader');
    const warmed = thread.request('warm', null).catch(() => undefined); // a spare that failed to warm is replaced when taken
    return { thread, warmed };
  }
}
