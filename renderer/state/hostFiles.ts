// The Open dialog's state: which host folder it shows, the roots it may list, and the scans opened lately.
import { create } from 'zustand';
import type { HostFolder, HostRoot, RecentScan, ScanPreview } from '../../electron/common/hostFilesCalls';
import { client } from '../client/client';
import { reportError } from './errors';

interface HostFilesState {
  open: boolean;
  roots: HostRoot[];
  recent: RecentScan[];
  folder?: HostFolder;
  /** The folder being listed (a big folder takes a moment). */
  listing?: string;
  /** The scan the pointer rests on, and its centre slice once read (undefined while it is read; null if it cannot be). */
  preview?: { path: string; image?: ScanPreview | null };
  showPreview(path: string): Promise<void>;
  show(): Promise<void>;
  hide(): void;
  browse(path: string): Promise<void>;
}

/** Each browse() takes a number; a listing that arrives after a newer browse() is dropped. */
let browsing = 0;

/** Previews already read this session, by path (a scan is read once however often the pointer passes). */
const previews = new Map<string, ScanPreview | null>();

export const useHostFiles = create<HostFilesState>((set, get) => ({
  open: false,
  roots: [],
  recent: [],
  async show() {
    set({ open: true });
    const before = browsing;
    try {
      const [roots, recent] = await Promise.all([client().call('files.roots', {}), client().call('files.recent', {})]);
      set({ roots, recent });
      const start = get().folder?.path ?? roots[0]?.path;
      // A place the user chose meanwhile wins over the folder shown last time.
      if (start && browsing === before) await get().browse(start);
    } catch (error) {
      reportError('Open dialog', error);
    }
  },
  hide: () => set({ open: false }),
  async showPreview(path) {
    if (get().preview?.path === path) return;
    set({ preview: { path, image: previews.get(path) } });
    if (previews.has(path)) return;
    // A scan that cannot be read whole says so when opened; here it just has no picture.
    const image = await client().call('files.preview', { path }).catch(() => null);
    previews.set(path, image);
    if (get().preview?.path === path) set({ preview: { path, image } });
  },
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
