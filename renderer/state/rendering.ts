// How the 3D view renders: the transfer-function preset, the user's edits of it, and whether it is shaded.
import { create } from 'zustand';
import { DEFAULT_VOLUME_PRESET, type VolumePreset } from '../display/volumePresets';

/** Transfer-function points in a volume's own values, edited from a preset. */
export interface TransferFunction extends Pick<VolumePreset, 'colours' | 'opacity'> {
  /** The volume the points were placed on: another volume starts again from the preset. */
  volumeId: string;
}

interface RenderingState {
  preset: string;
  /** Off by default: shading costs several times the frame time on software GL. */
  shade: boolean;
  /** The user's edit of the preset, if any. */
  transfer?: TransferFunction;
  /** Choosing a preset drops the edits. */
  setPreset(preset: string): void;
  setShade(shade: boolean): void;
  setTransfer(transfer: TransferFunction | undefined): void;
}

export const useRendering = create<RenderingState>((set) => ({
  preset: DEFAULT_VOLUME_PRESET,
  shade: false,
  setPreset: (preset) => set({ preset, transfer: undefined }),
  setShade: (shade) => set({ shade }),
  setTransfer: (transfer) => set({ transfer }),
}));
