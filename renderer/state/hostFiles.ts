// The Open dialog's state: which host folder it shows, the roots it may list, and the scans opened lately.
import { create } from 'zustand';
import type { HostFolder, HostRoot, RecentScan, ScanPreview } from '../../electron/common/hostFilesCalls';
import { client } from '../client/client';
import { reportError } from './errors';

export interface Choosing {
  /** The dialog's title, e.g. "Add scans to the batch". */
  title: string;
  choose(path: string): void;
}

interface HostFilesState {
  open: boolean;
  roots: HostRoot[];
  recent: RecentScan[];
  folder?: HostFolder;
  /** The folder being listed (a big folder takes a moment). */
  listing?: string;
  /** The scan the pointer rests on, and its centre slice once read (undefined while it is read; null if it cannot be). */
  preview?: { path: string; image?: ScanPreview | null };
  /** While the dialog chooses scans for something else (a batch's inputs) instead of opening them: what for, and where each goes. */
  choosing?: Choosing;
  /** Names handed over while choosing, for the dialog to show. */
  added: string[];
  showPreview(path: string): Promise<void>;
  /** Opens the dialog: to open a scan, or, with `choosing`, to add scans one by one to something else. */
  show(choosing?: Choosing): Promise<void>;
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
  added: [],
  async show(choosing) {
    set({ open: true, choosing, added: [] });
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
  hide: () => set({ open: false, choosing: undefined }),
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
