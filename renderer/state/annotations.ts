// Whether the slice views show their corner annotations (patient, study, series, slice, window/level): one key
// hides them all, for screenshots and teaching.
import { create } from 'zustand';

interface AnnotationsState {
  shown: boolean;
  toggle(): void;
}

export const useAnnotations = create<AnnotationsState>((set, get) => ({
  shown: true,
  toggle: () => set({ shown: !get().shown }),
}));
