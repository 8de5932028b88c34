// Cine: the crosshair steps through the slices of one view at a steady rate, wrapping round at the end, until
// stopped (or another volume opens).
import { create } from 'zustand';
import { useView } from '../state/view';
import { useVolumes } from '../state/volumes';
import { indexToWorld, sliceFrame, sliceIndex, stepAlong, worldToIndex, type SliceOrientation } from '../geometry/sliceGeometry';

export const FPS_LIMITS: [number, number] = [1, 60];

interface CineState {
  /** The view playing, if any. */
  playing?: SliceOrientation;
  fps: number;
  toggle(view: SliceOrientation): void;
  stop(): void;
  setFps(fps: number): void;
}

let timer: ReturnType<typeof setInterval> | undefined;

/** One frame: the next slice along the view's direction, or back to the first after the last. */
function step(view: SliceOrientation): void {
  const shown = useVolumes.getState().shown;
  if (!shown) return;
  const { full } = shown;
  const { cursor, setCursor } = useView.getState();
  const frame = sliceFrame(full, view);
  const next = stepAlong(full, frame, cursor, 1);
  if (sliceIndex(full, frame, next) !== sliceIndex(full, frame, cursor)) return setCursor(next);
  const index = worldToIndex(full, cursor);
  index[frame.axis] = sliceIndex(full, frame, cursor) === 0 ? full.dims[frame.axis]! - 1 : 0;
  setCursor(indexToWorld(full, index));
}

export const useCine = create<CineState>((set, get) => {
  const start = (view: SliceOrientation, fps: number) => {
    clearInterval(timer);
    timer = setInterval(() => step(view), 1000 / fps);
    set({ playing: view, fps });
  };
  return {
    fps: 10,
    toggle: (view) => (get().playing === view ? get().stop() : start(view, get().fps)),
    stop() {
      clearInterval(timer);
      set({ playing: undefined });
    },
    setFps(fps) {
      const clamped = Math.min(FPS_LIMITS[1], Math.max(FPS_LIMITS[0], fps));
      const { playing } = get();
      if (playing) start(playing, clamped);
      else set({ fps: clamped });
    },
  };
});

useVolumes.subscribe((state, before) => state.shown?.full !== before.shown?.full && useCine.getState().stop());
