// Pyramids of large volumes built in the background, each in a reader worker of its own, while the volume's
// slices are served from the file by its own reader. When one is done the store serves its levels. On first open a
// build waits until the slice views have had their first full-resolution slices: its reads would take the cores and
// the disk from theirs (a 4 GiB open showed its slices seconds later with the build running beside them).
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

/** The longest a build waits for the first slices (no page may be looking: a CLI `serve --open` before the browser). */
const FIRST_SLICES_WAIT_MS = 10_000;
/** After the first slices are served, the page draws them before the build starts. */
const DRAWING_MS = 1_000;

interface Build {
  abort: AbortController;
  done: Promise<void>;
  /** Axes not yet served a slice, while the build waits for them; its start, called once they all are. */
  waiting?: { axes: Set<number>; go: () => void };
}

export class PyramidBuilds {
  private readonly running = new Map<string, Build>();

  constructor(
    private readonly volumes: VolumeStore,
    private readonly levels: LevelReader,
    private readonly cacheDir: string,
    private readonly readers: ReaderThreads,
  ) {}

  /**
   * Starts building the pyramid of an open volume whose info says `building`; `afterFirstSlices`: once a slice along
   * each axis has been served (sliceServed) and DRAWING_MS more, or after FIRST_SLICES_WAIT_MS.
   */
  start(info: VolumeInfo, path: string, options: OpenOptions, events: PyramidEvents, { afterFirstSlices = false } = {}): void {
    const abort = new AbortController();
    const job = jobIds.pyramid(info.id);
    const say = (done: number, total: number, message: string) => events.progress({ job, done, total, message });
    const build: Build = { abort, done: Promise.resolve() };
    if (afterFirstSlices) say(0, 1, `The multiscale pyramid of ${info.name} is built once the first slices are on screen`);
    const started = afterFirstSlices ? this.firstSlices(build, abort.signal) : Promise.resolve();
    build.done = (async () => {
      await started;
      const worker = this.readers.take(`The pyramid builder of ${basename(path)}`);
      try {
        abort.signal.throwIfAborted();
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
    this.running.set(info.id, build);
  }

  /** A full-resolution slice of `volumeId` across `axis` went to a view: a build waiting for the first slices may start. */
  sliceServed(volumeId: string, axis: number): void {
    const waiting = this.running.get(volumeId)?.waiting;
    if (waiting?.axes.delete(axis) && waiting.axes.size === 0) setTimeout(waiting.go, DRAWING_MS);
  }

  /** Resolves once `build` may start: the first slice along every axis served, the wait over, or the build cancelled. */
  private firstSlices(build: Build, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', go);
        build.waiting = undefined;
        resolve();
      };
      const timer = setTimeout(go, FIRST_SLICES_WAIT_MS);
      signal.addEventListener('abort', go);
      build.waiting = { axes: new Set([0, 1, 2]), go };
    });
  }

  /** Stops the build of a volume's pyramid; false if none was running. */
  async cancel(volumeId: string): Promise<boolean> {
    const build = this.running.get(volumeId);
    if (!build) return false;
    build.abort.abort(new VoxbenchError('Cancelled', `Building the pyramid of volume ${volumeId} was cancelled.`));
    await build.done;
    return true;
  }

  /** Waits for a volume's build to end (tests, the CLI), starting it now if it waits for the first slices; at once when none runs. */
  async settled(volumeId: string): Promise<void> {
    const build = this.running.get(volumeId);
    build?.waiting?.go();
    await build?.done;
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.cancel(id)));
  }
}
