// The Open dialog's state: which host folder it shows, the roots it may list, and the scans opened lately.
import { create } from 'zustand';
import type { HostFolder, HostRoot, RecentScan } from '../../electron/common/hostFilesCalls';
import { client } from '../client/client';
import { reportError } from './errors';

interface HostFilesState {
  open: boolean;
  roots: HostRoot[];
  recent: RecentScan[];
  folder?: HostFolder;
  /** The folder being listed (a big folder takes a moment). */
  listing?: string;
  show(): Promise<void>;
  hide(): void;
  browse(path: string): Promise<void>;
}

/** Each browse() takes a number; a listing that arrives after a newer browse() is dropped. */
let browsing = 0;

export const useHostFiles = create<HostFilesState>((set, get) => ({
  open: false,
  roots: [],
  recent: [],
  async show() {
    set({ open: true });
    try {
      const [roots, recent] = await Promise.all([client().call('files.roots', {}), client().call('files.recent', {})]);
      set({ roots, recent });
      const start = get().folder?.path ?? roots[0]?.path;
      if (start) await get().browse(start);
    } catch (error) {
      reportError('Open dialog', error);
    }
  },
  hide: () => set({ open: false }),
  async browse(path) {
    const ticket = ++browsing;
    set({ listing: path });
    try {
      const folder = await client().call('files.list', { path });
      if (ticket === browsing) set({ folder });
    } catch (error) {
      reportError('Open dialog', error);
    } finally {
      if (ticket === browsing) set({ listing: undefined });
    }
  },
}));
