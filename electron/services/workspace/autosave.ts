// Autosave: after every segmentation change (debounced), the session goes to the project file, one save at
// a time, each atomic; the renderer keeps its measurements and view state current through workspace.autosave.
import type { Emit } from '../handlerTypes.js';
import type { Services } from '../services.js';
import { saveWorkspace, type RendererState } from './workspace.js';

export class Autosave {
  private path: string | null = null;
  private state: RendererState = {};
  private timer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: Services,
    private readonly emit: Emit,
    private readonly delayMs = 1000,
  ) {
    services.segments.onChange(() => this.schedule());
  }

  set(path: string | null, state: RendererState): void {
    this.path = path;
    this.state = { ...this.state, ...state };
    if (path) this.schedule();
    else clearTimeout(this.timer);
  }

  private schedule(): void {
    if (!this.path) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(), this.delayMs);
    this.timer.unref();
  }

  /** Saves now (after any save under way). */
  save(): Promise<void> {
    const path = this.path;
    if (!path) return this.saving;
    this.saving = this.saving.then(async () => {
      try {
        this.emit('workspace.saved', { path, savedAt: await saveWorkspace(this.services, path, this.state) });
      } catch (error) {
        this.emit('workspace.saved', { path, savedAt: '', error: (error as Error).message });
      }
    });
    return this.saving;
  }
}
