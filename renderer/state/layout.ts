// Which layout the views are in, which view is shown alone or large, and which view the mouse was last over.
import { create } from 'zustand';
import type { Layout, ViewId } from '../geometry/layouts';

interface LayoutState {
  layout: Layout;
  /** The view shown alone (1×1) or large (1+3). */
  main: ViewId;
  /** The view the mouse is over now, if any. */
  hovered?: ViewId;
  /** The view the mouse was last over: what layout keys and screenshots act on. */
  active: ViewId;
  /** The layout a double-click maximised from, to restore. */
  restoreTo?: Layout;
  setLayout(layout: Layout): void;
  setHovered(view: ViewId | undefined): void;
  /** Double-click: show the view alone, or restore the layout it was maximised from. */
  toggleMaximised(view: ViewId): void;
}

export const useLayout = create<LayoutState>((set, get) => ({
  layout: 'four-up',
  main: 'axial',
  active: 'axial',
  setLayout: (layout) => set({ layout, main: get().active, restoreTo: undefined }),
  setHovered: (hovered) => set(hovered ? { hovered, active: hovered } : { hovered }),
  toggleMaximised(view) {
    const { layout, main, restoreTo } = get();
    if (layout === 'one' && main === view) set({ layout: restoreTo ?? 'four-up', restoreTo: undefined });
    else set({ layout: 'one', main: view, active: view, restoreTo: layout === 'one' ? restoreTo : layout });
  },
}));
