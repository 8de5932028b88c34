// What the slice views share: the crosshair cursor (world, LPS) and the window/level.
import { create } from 'zustand';
import type { Vec3, VolumeInfo } from '../../electron/contract';
import type { WindowLevel } from '../views/slicePipeline';
import { volumeCentre } from '../views/sliceGeometry';

interface ViewState {
  cursor: Vec3;
  windowLevel: WindowLevel;
  setCursor(cursor: Vec3): void;
  reset(volume: VolumeInfo): void;
}

export const useView = create<ViewState>((set) => ({
  cursor: [0, 0, 0],
  windowLevel: { window: 1, level: 0.5 },
  setCursor: (cursor) => set({ cursor }),
  reset(volume) {
    const [low, high] = volume.range;
    set({ cursor: volumeCentre(volume), windowLevel: { window: high - low || 1, level: (high + low) / 2 } });
  },
}));
