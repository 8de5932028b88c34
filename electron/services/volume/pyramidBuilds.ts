// Pyramids of large volumes built in the background, each in a reader worker of its own, while the volume's
// slices are served from the file by its own reader. When one is done the store serves its levels.
import { basename } from 'node:path';
import type { Progress, VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { jobIds } from '../../common/jobIds.js';
import type { OpenOptions } from '../io/reader.js';
import type { LevelReader } from './levelReader.js';
import { openOmeZarr } from './omeZarrOpen.js';
import type { ReaderThreads } from './readerThreads.js';
import type { VolumeStore } from './store.js';

export interface PyramidEvents {
  progress(progress: Progress): void;
  /** The volume with its levels once they are served, or saying why its build stopped. */
  changed(info: VolumeInfo): void;
}

export class PyramidBuilds {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();

  constructor(
    private readonly volumes: VolumeStore,
    private readonly levels: LevelReader,
    private readonly cacheDir: string,
    private readonly readers: ReaderThreads,
  ) {}

  /** Starts building the pyramid of an open volume whose info says `building`. */
  start(info: VolumeInfo, path: string, options: OpenOptions, events: PyramidEvents): void {
    const abort = new AbortController();
    const job = jobIds.pyramid(info.id);
    const say = (done: number, total: number, message: string) => events.progress({ job, done, total, message });
    const worker = this.readers.take(`The pyramid builder of ${basename(path)}`);
    const done = (async () => {
      try {
        const onProgress = ({ done, total }: { done: number; total: number }) => say(done, total, `Building the multiscale pyramid of ${info.name}: slice ${done} of ${total}`);
        const { dir } = await worker.request('pyramid', { path, options, cacheDir: this.cacheDir }, { onProgress, signal: abort.signal });
        const ready = this.volumes.ready(info.id, await openOmeZarr(dir, this.levels.read));
        say(1, 1, `The multiscale pyramid of ${info.name} is ready`);
        events.changed(ready);
      } catch (error) {
        const why = abort.signal.aborted ? 'cancelled' : `failed: ${error instanceof Error ? error.message : String(error)}`;
        say(1, 1, `Building the multiscale pyramid of ${info.name} ${why}`); // the job ends either way; the slices stay
        if (this.volumes.has(info.id)) events.changed(this.volumes.pyramidStopped(info.id, why));
      } finally {
        this.running.delete(info.id);
        await worker.close();
      }
    })();
    this.running.set(info.id, { abort, done });
  }

  /** Stops the build of a volume's pyramid; false if none was running. */
  async cancel(volumeId: string): Promise<boolean> {
    const build = this.running.get(volumeId);
    if (!build) return false;
    build.abort.abort(new VoxbenchError('Cancelled', `Building the pyramid of volume ${volumeId} was cancelled.`));
    await build.done;
    return true;
  }

  /** Waits for a volume's build to end (tests, the CLI); at once when none runs. */
  async settled(volumeId: string): Promise<void> {
    await this.running.get(volumeId)?.done;
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.cancel(id)));
  }
}
