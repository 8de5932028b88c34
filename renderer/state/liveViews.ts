// The views on screen, by id, for what acts on a view from outside it: screenshots and the reset key.
import type { ViewId } from '../geometry/layouts';

export interface LiveView {
  /** The view's element: its vtk.js canvas and its SVG overlay are inside. */
  element: HTMLElement;
  /** The next rendered frame of the view's canvas, as a PNG data URL. */
  capture(): Promise<string>;
  /** Back to the view's starting camera: fitted slice, or the 3D view from the front. */
  reset(): void;
}

const views = new Map<ViewId, LiveView>();

/** Registers a view while it is mounted; returns the unregister function for an effect's cleanup. */
export function registerView(id: ViewId, view: LiveView): () => void {
  views.set(id, view);
  return () => {
    if (views.get(id) === view) views.delete(id);
  };
}

export function liveView(id: ViewId): LiveView | undefined {
  return views.get(id);
}
