// Open volumes and the one on screen; voxels arrive as binary from the transport's data URL.
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import { create } from 'zustand';
import type { Candidate, Client, VolumeInfo } from '../../electron/common/contract';
import { toImageData } from '../views/volume/vtkImage';
import { useView } from './view';

export interface ShownVolume {
  /** The volume as the views draw it: the geometry and voxels of the level on screen. */
  info: VolumeInfo;
  image: vtkImageData;
  /** Which of the volume's levels is on screen (0: full resolution). */
  level: number;
  full: VolumeInfo;
}

/** The renderer keeps at most this much of a volume in memory; larger volumes show a pyramid level. */
const VOXEL_BUDGET_BYTES = 256 << 20;
const BYTES_PER_DTYPE: Record<VolumeInfo['dtype'], number> = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8 };

/** `?voxelBudgetMb=N` in the page's address sets the budget, to see how a smaller machine copes. */
const voxelBudget = () => Number(new URLSearchParams(globalThis.location?.search).get('voxelBudgetMb')) * 2 ** 20 || VOXEL_BUDGET_BYTES;

/** The finest level within the budget (the coarsest if none is). */
export function levelToShow(info: VolumeInfo, budget = voxelBudget()): number {
  const fits = info.levels.findIndex(({ dims }) => dims[0] * dims[1] * dims[2] * BYTES_PER_DTYPE[info.dtype] <= budget);
  return fits === -1 ? info.levels.length - 1 : fits;
}

/** The levels to fetch, coarsest first: the coarsest draws within moments, then the level to keep replaces it. */
export function loadingOrder(info: VolumeInfo): number[] {
  const keep = levelToShow(info);
  const coarsest = info.levels.length - 1;
  return keep === coarsest ? [keep] : [coarsest, keep];
}

interface VolumesState {
  client?: Client;
  volumes: VolumeInfo[];
  shown?: ShownVolume;
  status: 'connecting' | 'loading' | 'ready' | 'error';
  /** What is loading, or what went wrong, in words. */
  message: string;
  /** A finer level still arriving while a coarser one is on screen: what, and how far (0–1). */
  refining?: { what: string; fraction: number };
  /** Full-resolution slices the slice views are waiting for. */
  slicesLoading: number;
  sliceLoading(change: 1 | -1): void;
  /** A file holding several images, waiting for the user to pick one. */
  choosing?: { path: string; candidates: Candidate[] };
  connect(client: Client): Promise<void>;
  show(info: VolumeInfo): Promise<void>;
  openFile(file: File): Promise<void>;
  openPath(path: string): Promise<void>;
  /** Opens one of the images of `choosing` (or a frame of the volume on screen). */
  openChoice(path: string, choice: string, frame?: number): Promise<void>;
  cancelChoice(): void;
  fail(error: unknown): void;
}

async function fetchVoxels(client: Client, info: VolumeInfo, onProgress: (fraction: number) => void): Promise<ArrayBuffer> {
  const response = await fetch(client.dataUrl(info.voxels));
  if (!response.ok || !response.body) throw new Error(`${info.name}: the host answered ${response.status} ${await response.text()}`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  const buffer = new Uint8Array(total);
  let received = 0;
  let percent = 0;
  for (const reader = response.body.getReader(); ; ) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer.set(value, received);
    received += value.length;
    // Once per percent: a report per chunk would redraw the page thousands of times for a large volume.
    const now = total ? Math.floor((received / total) * 100) : 0;
    if (now !== percent) onProgress((percent = now) / 100);
  }
  return buffer.buffer;
}

/** The slice views ask for their full-resolution slices once the coarse level is on screen; those go first. */
async function slicesArrived(patience = 10_000): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  if (!useVolumes.getState().slicesLoading) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, patience);
    const unsubscribe = useVolumes.subscribe((state) => state.slicesLoading === 0 && done());
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

/** Each show() takes a number; a level arriving for an older show() is dropped. */
let showing = 0;

export const useVolumes = create<VolumesState>((set, get) => ({
  volumes: [],
  status: 'connecting',
  message: 'Connecting…',
  slicesLoading: 0,
  sliceLoading: (change) => set({ slicesLoading: Math.max(0, get().slicesLoading + change) }),

  async connect(client) {
    set({ client });
    client.on('scan.picked', ({ path }) => void get().openPath(path));
    client.on('progress', ({ message }) => get().status === 'loading' && set({ message }));
    client.on('volume.opened', (info) => {
      set({ volumes: [...get().volumes.filter((volume) => volume.id !== info.id), info] });
      void get().show(info);
    });
    const volumes = await client.call('volume.list', {});
    set({ volumes });
    const last = volumes.at(-1);
    if (last) await get().show(last);
    else await client.call('volume.openDefault', {});
  },

  async show(full) {
    const client = get().client!;
    const ticket = ++showing;
    set({ refining: undefined });
    try {
      for (const [step, level] of loadingOrder(full).entries()) {
        const info = level === 0 ? full : { ...full, ...full.levels[level]! };
        const what = level === 0 ? full.name : `${full.name} (level ${level}, ${info.dims.join(' × ')})`;
        const report = (fraction: number) => {
          if (ticket !== showing) return;
          if (step > 0) set({ refining: { what, fraction } });
          else set({ status: 'loading', message: `Loading ${what}… ${Math.round(fraction * 100)} %` });
        };
        if (step > 0) await slicesArrived();
        report(0);
        const voxels = await fetchVoxels(client, info, report);
        if (ticket !== showing) return;
        const image = toImageData(info, voxels);
        if (step === 0) useView.getState().reset(full);
        set({ shown: { info, image, level, full }, status: 'ready', message: '', refining: undefined });
      }
    } catch (error) {
      if (ticket === showing) get().fail(error);
    }
  },

  async openFile(file) {
    try {
      await get().openPath(await get().client!.pathOf(file));
    } catch (error) {
      get().fail(error);
    }
  },

  async openPath(path) {
    set({ status: 'loading', message: `Opening ${path.split(/[\\/]/).pop()}…` });
    try {
      const candidates = await get().client!.call('volume.candidates', { path });
      const preferred = candidates.find((candidate) => candidate.preferred);
      if (candidates.length > 1 && !preferred) set({ choosing: { path, candidates }, status: 'ready', message: '' });
      else await get().client!.call('volume.open', { path, ...(preferred && { choice: preferred.choice }) });
    } catch (error) {
      get().fail(error);
    }
  },

  async openChoice(path, choice, frame) {
    set({ choosing: undefined, status: 'loading', message: `Opening ${choice}…` });
    try {
      await get().client!.call('volume.open', { path, ...(choice && { choice }), ...(frame !== undefined && { frame }) });
    } catch (error) {
      get().fail(error);
    }
  },

  cancelChoice: () => set({ choosing: undefined }),

  fail(error) {
    set({ status: 'error', message: error instanceof Error ? error.message : String(error) });
  },
}));
