// The view layouts: which grid cell each of the four views takes. All four views stay mounted in every layout
// (a WebGL context is costly to rebuild); a view without a cell is hidden. Pure.
import type { SliceOrientation } from './sliceGeometry';

export type ViewId = SliceOrientation | 'volume';
export type Layout = 'one' | 'four-up' | 'one-plus-three';

/** The order views fill the cells in: the 2×2 reading order, and the small column of 1+3. */
export const viewIds: ViewId[] = ['axial', 'volume', 'coronal', 'sagittal'];

export const layouts: Record<Layout, { label: string; template: string }> = {
  one: { label: '1×1', template: "'main' 1fr / 1fr" },
  'four-up': { label: '2×2', template: "'a b' 1fr 'c d' 1fr / 1fr 1fr" },
  'one-plus-three': { label: '1+3', template: "'main s1' 1fr 'main s2' 1fr 'main s3' 1fr / 3fr 1fr" },
};

/** Grid area of each view, or undefined where the layout hides it. `main` is the view shown alone or large. */
export function viewAreas(layout: Layout, main: ViewId): Record<ViewId, string | undefined> {
  const areas = {} as Record<ViewId, string | undefined>;
  if (layout === 'four-up') viewIds.forEach((id, n) => (areas[id] = 'abcd'[n]));
  else {
    const others = viewIds.filter((id) => id !== main);
    others.forEach((id, n) => (areas[id] = layout === 'one' ? undefined : `s${n + 1}`));
    areas[main] = 'main';
  }
  return areas;
}
