// How the 3D view renders: the transfer-function preset and whether it is shaded.
import { create } from 'zustand';
import { DEFAULT_VOLUME_PRESET } from '../views/volumePresets';

interface RenderingState {
  preset: string;
  /** Off by default: shading costs several times the frame time on software GL. */
  shade: boolean;
  setPreset(preset: string): void;
  setShade(shade: boolean): void;
}

export const useRendering = create<RenderingState>((set) => ({
  preset: DEFAULT_VOLUME_PRESET,
  shade: false,
  setPreset: (preset) => set({ preset }),
  setShade: (shade) => set({ shade }),
}));
