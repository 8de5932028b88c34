// How the 3D cell shows segments: the volume rendering or the surfaces, each surface's opacity, and the clipping plane.
import { create } from 'zustand';

export type ThreeDMode = 'volume' | 'surfaces';

export interface ClipPlane {
  enabled: boolean;
  /** The LPS axis the plane is across: 0 = L–R (sagittal), 1 = A–P (coronal), 2 = S–I (axial). */
  axis: 0 | 1 | 2;
  /** Where along the volume's extent on that axis, 0–1. */
  at: number;
  /** Keep the side toward higher coordinates (left, posterior, superior) instead of lower. */
  flip: boolean;
}

interface SurfaceSettings {
  mode: ThreeDMode;
  /** Opacity by segment value; 1 when not set. */
  opacity: Record<number, number>;
  clip: ClipPlane;
  setMode(mode: ThreeDMode): void;
  setOpacity(value: number, opacity: number): void;
  setClip(clip: Partial<ClipPlane>): void;
}

export const useSurfaceSettings = create<SurfaceSettings>((set) => ({
  mode: 'volume',
  opacity: {},
  clip: { enabled: false, axis: 1, at: 0.5, flip: false },
  setMode: (mode) => set({ mode }),
  setOpacity: (value, opacity) => set((state) => ({ opacity: { ...state.opacity, [value]: opacity } })),
  setClip: (clip) => set((state) => ({ clip: { ...state.clip, ...clip } })),
}));
